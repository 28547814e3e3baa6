namespace RelayWeb.Jobs;

/// <summary>What a run reports: its outcome, a message a person can read, and how many items it processed.</summary>
public sealed record JobResult(JobOutcome Outcome, string? Message, long ItemsProcessed)
{
    public static JobResult Succeeded(string? message = null, long itemsProcessed = 0) => new(JobOutcome.Succeeded, message, itemsProcessed);

    public static JobResult Skipped(string message) => new(JobOutcome.Skipped, message, 0);

    internal static JobResult Failed(string message, long itemsProcessed = 0) => new(JobOutcome.Failed, message, itemsProcessed);
}
