using RelayWeb.Backups;
using RelayWeb.Jobs;

namespace RelayWeb.Metrics;

/// <summary>
/// Scheduler and backup gauges for alerting: per job whether it is paused or failing and when it last succeeded; the
/// backups on disk and the age of the newest one. Run counts and durations come from the <c>Relay.Jobs</c> meter.
/// </summary>
public sealed class OperationsMetricsSource(IJobScheduler scheduler, JobRunStore runs, BackupService backups) : IMetricsSource
{
    public async Task CollectAsync(PrometheusWriter writer, CancellationToken cancellationToken)
    {
        writer.Single("relay_scheduler_up", "gauge", "1 while the job scheduler is running.", scheduler.IsRunning ? 1 : 0);
        var jobs = await scheduler.ListAsync(cancellationToken).ConfigureAwait(false);
        writer.Declare("relay_job_paused", "gauge", "1 while the job is paused.");
        writer.Declare("relay_job_running", "gauge", "1 while a run of the job is in progress.");
        writer.Declare("relay_job_failing", "gauge", "1 when the job's last run failed.");
        writer.Declare("relay_job_consecutive_failures", "gauge", "Failed runs of the job in a row.");
        writer.Declare("relay_job_next_run_timestamp_seconds", "gauge", "When the job's schedule fires next (Unix time); absent while paused.");
        writer.Declare("relay_job_last_success_timestamp_seconds", "gauge", "When the job's last successful run ended (Unix time); absent before the first.");
        foreach (var job in jobs)
        {
            writer.Sample("relay_job_paused", job.Paused ? 1 : 0, ("job", job.Name));
            writer.Sample("relay_job_running", job.Running is null ? 0 : 1, ("job", job.Name));
            writer.Sample("relay_job_failing", job.IsFailing ? 1 : 0, ("job", job.Name));
            writer.Sample("relay_job_consecutive_failures", job.ConsecutiveFailures, ("job", job.Name));
            if (job.NextRunUtc is { } next) writer.Sample("relay_job_next_run_timestamp_seconds", RelayMetricsSource.ToUnixSeconds(next), ("job", job.Name));
            var success = await runs.GetLastAsync(job.Name, JobOutcome.Succeeded, cancellationToken).ConfigureAwait(false);
            if (success?.EndedUtc is { } ended) writer.Sample("relay_job_last_success_timestamp_seconds", RelayMetricsSource.ToUnixSeconds(ended), ("job", job.Name));
        }

        var files = backups.List();
        writer.Single("relay_backups", "gauge", "Backup files in DATA_DIR/backups.", files.Count);
        if (files.Count > 0)
        {
            writer.Single("relay_backup_last_timestamp_seconds", "gauge", "When the newest backup was taken (Unix time).", RelayMetricsSource.ToUnixSeconds(files[0].CreatedUtc));
            writer.Single("relay_backup_last_size_bytes", "gauge", "Size of the newest backup in bytes.", files[0].SizeBytes);
        }
    }
}
