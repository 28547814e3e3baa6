namespace RelayWeb.Jobs;

/// <summary>
/// A job the scheduler runs on a cron schedule (and on demand): retention, backups, later roll-ups, agent sync and probes.
/// Register one with <c>services.AddRelayJob&lt;TJob&gt;()</c>; it is a singleton. Its schedule lives in the settings
/// (<c>jobs.NAME.cron</c>, <see cref="DefaultCron"/> until someone changes it) and can be changed at run time.
/// </summary>
/// <remarks>
/// A run is recorded in <c>job_runs</c> with its outcome. Return <see cref="JobResult.Succeeded"/> or
/// <see cref="JobResult.Skipped"/>; throw to fail (the scheduler records the message and retries with backoff). Honour
/// the cancellation token: it fires when the application stops. Two runs of one job never overlap: a run that comes due
/// while the previous one still runs is recorded as skipped.
/// </remarks>
public interface IRelayJob
{
    /// <summary>Stable id, lower-case letters, digits and dashes: <c>ledger-retention</c>. Used in URLs and settings.</summary>
    string Name { get; }

    /// <summary>What a person reads in the dashboard: <c>Ledger retention</c>.</summary>
    string Title { get; }

    /// <summary>One sentence saying what a run does.</summary>
    string Description { get; }

    /// <summary>The schedule until one is set: cron in UTC, Quartz (6–7 fields, seconds first) or Unix (5 fields).</summary>
    string DefaultCron { get; }

    Task<JobResult> RunAsync(JobRunContext context, CancellationToken cancellationToken);
}
