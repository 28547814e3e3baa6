using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayWeb.Backups;
using RelayWeb.Jobs;

namespace RelayWeb.Api.Health;

/// <summary>
/// The age of the newest backup. Degraded when the last backup run failed, or when the newest backup is older than
/// twice the backup schedule's interval (at least <see cref="MinimumMaxAge"/>) while backups are not paused. A node that
/// has never been backed up is healthy until its first scheduled backup is overdue.
/// </summary>
internal sealed class BackupHealthCheck(BackupService backups, IJobScheduler scheduler, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan MinimumMaxAge = TimeSpan.FromHours(26);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var files = backups.List();
        var job = await scheduler.GetAsync(DatabaseBackupJob.JobName, cancellationToken);
        var data = new Dictionary<string, object> { ["backups"] = files.Count };
        if (files.Count > 0)
        {
            data["newest"] = files[0].Name;
            data["newestUtc"] = files[0].CreatedUtc;
            data["ageSeconds"] = (long)(now - files[0].CreatedUtc).TotalSeconds;
        }
        if (job?.LastRun is { } last)
        {
            data["lastRunOutcome"] = JobRunStore.Name(last.Outcome);
            data["lastRunUtc"] = last.StartedUtc;
        }
        if (job is null) return HealthCheckResult.Healthy("Backups are not scheduled on this node.", data);
        if (job.LastRun?.Outcome == JobOutcome.Failed)
        {
            return HealthCheckResult.Degraded("The last backup failed: " + (job.LastRun.Message ?? "no reason recorded."), data: data);
        }
        if (job.Paused) return HealthCheckResult.Healthy("Backups are paused.", data);

        var maxAge = MaxAge(job.Cron, now);
        data["maxAgeSeconds"] = (long)maxAge.TotalSeconds;
        if (files.Count == 0)
        {
            return HealthCheckResult.Healthy("No backup yet" + (job.NextRunUtc is { } next ? $"; the first is due at {next:yyyy-MM-dd HH:mm} UTC." : "."), data);
        }
        var age = now - files[0].CreatedUtc;
        return age > maxAge
            ? HealthCheckResult.Degraded($"The newest backup ({files[0].Name}) is {age.TotalHours:0} h old.", data: data)
            : HealthCheckResult.Healthy($"The newest backup is {files[0].Name}.", data);
    }

    /// <summary>Twice the interval between two scheduled backups, at least <see cref="MinimumMaxAge"/>.</summary>
    internal static TimeSpan MaxAge(string cron, DateTime nowUtc)
    {
        var next = CronSchedule.NextOccurrences(cron, nowUtc, 2);
        var interval = next.Count == 2 ? next[1] - next[0] : TimeSpan.FromDays(1);
        return interval * 2 > MinimumMaxAge ? interval * 2 : MinimumMaxAge;
    }
}
