namespace RelayWeb.Jobs;

/// <summary>A job as the Jobs page and <c>GET /api/v1/jobs</c> show it.</summary>
/// <param name="Cron">The schedule in force (the stored one, or <paramref name="DefaultCron"/>).</param>
/// <param name="NextRunUtc">When the schedule fires next; null while paused.</param>
/// <param name="LastRun">The latest finished run.</param>
/// <param name="Running">The run in progress, with its progress; null when idle.</param>
/// <param name="RetryAtUtc">When the automatic retry of a failed run is due; null when none is pending.</param>
/// <param name="ConsecutiveFailures">Failed runs in a row up to now (0 after a success).</param>
public sealed record JobInfo(
    string Name,
    string Title,
    string Description,
    string Cron,
    string DefaultCron,
    bool Paused,
    DateTime? NextRunUtc,
    JobRunRecord? LastRun,
    JobRunProgress? Running,
    DateTime? RetryAtUtc,
    int ConsecutiveFailures)
{
    /// <summary>True when the last run failed: the dashboard shows the job as failing.</summary>
    public bool IsFailing => LastRun?.Outcome == JobOutcome.Failed;
}
