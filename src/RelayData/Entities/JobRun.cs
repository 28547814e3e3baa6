namespace RelayData.Entities;

/// <summary>
/// One run of a scheduled job (<c>ledger-retention</c>, <c>database-backup</c>...): when it started and ended, how it went,
/// what it said and how many items it processed. Written when the run starts (outcome <c>running</c>) and completed at its end.
/// </summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public required string Job { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime? EndedUtc { get; set; }
    public required string Outcome { get; set; }          // "running" | "succeeded" | "failed" | "skipped"
    public required string Trigger { get; set; }          // "schedule" | "manual" | "retry"
    public int Attempt { get; set; } = 1;                 // 1 for the first try, 2.. for retries after a failure
    public string? Message { get; set; }
    public long ItemsProcessed { get; set; }
    public string? Actor { get; set; }                    // who asked for a manual run ("user:admin", "token:ci")
}
