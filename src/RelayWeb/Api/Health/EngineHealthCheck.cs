using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayEngine.Model;

namespace RelayWeb.Api.Health;

/// <summary>
/// Ready once the host (and with it the engine) has started. Faulted relays are reported in the data but do not make the
/// node unready: a relay whose port is taken is a relay's state, and every other relay keeps working.
/// </summary>
internal sealed class EngineHealthCheck(IHostApplicationLifetime lifetime, IRelayStateLookup relays) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The engine has not started yet."));
        }
        var all = relays.GetRelays();
        var data = new Dictionary<string, object>
        {
            ["relays"] = all.Count,
            ["running"] = all.Count(r => r.Status == RelayStatus.Running),
            ["faulted"] = all.Count(r => r.Status == RelayStatus.Faulted),
        };
        return Task.FromResult(HealthCheckResult.Healthy("The engine is running.", data));
    }
}
