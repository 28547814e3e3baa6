namespace RelayWeb.Jobs;

/// <summary>One row of <c>job_runs</c> as the API and the dashboard read it.</summary>
public sealed record JobRunRecord(
    long Id,
    string Job,
    DateTime StartedUtc,
    DateTime? EndedUtc,
    JobOutcome Outcome,
    JobTrigger Trigger,
    int Attempt,
    string? Message,
    long ItemsProcessed,
    string? Actor)
{
    public TimeSpan? Duration => EndedUtc - StartedUtc;
}
