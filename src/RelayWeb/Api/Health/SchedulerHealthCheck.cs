using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayWeb.Jobs;

namespace RelayWeb.Api.Health;

/// <summary>Unhealthy while the job scheduler is not running; degraded while a job's last run failed (named in the data).</summary>
internal sealed class SchedulerHealthCheck(IJobScheduler scheduler) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!scheduler.IsRunning) return HealthCheckResult.Unhealthy("The job scheduler is not running.");
        var jobs = await scheduler.ListAsync(cancellationToken);
        var failing = jobs.Where(j => j.IsFailing).Select(j => j.Name).ToList();
        var data = new Dictionary<string, object>
        {
            ["jobs"] = jobs.Count,
            ["paused"] = jobs.Where(j => j.Paused).Select(j => j.Name).ToList(),
            ["running"] = jobs.Where(j => j.Running is not null).Select(j => j.Name).ToList(),
            ["failing"] = failing,
        };
        return failing.Count > 0
            ? HealthCheckResult.Degraded($"The last run of {string.Join(", ", failing)} failed.", data: data)
            : HealthCheckResult.Healthy("The job scheduler is running.", data);
    }
}
