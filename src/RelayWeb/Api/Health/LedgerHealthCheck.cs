using Microsoft.Extensions.Diagnostics.HealthChecks;
using RelayEngine.Ledger;

namespace RelayWeb.Api.Health;

/// <summary>Unhealthy while the ledger's last write failed; degraded when records had to be dropped.</summary>
internal sealed class LedgerHealthCheck(ILedgerStatistics ledger) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stats = ledger.GetStatistics();
        var data = new Dictionary<string, object>
        {
            ["written"] = stats.Written,
            ["pending"] = stats.Pending,
            ["dropped"] = stats.Dropped,
            ["failedWrites"] = stats.FailedWrites,
        };
        if (stats.LastWriteUtc is { } last) data["lastWriteUtc"] = last;
        var result = stats.LastError is { } error
            ? HealthCheckResult.Unhealthy("The ledger cannot write to the database: " + error, data: data)
            : stats.Dropped > 0
                ? HealthCheckResult.Degraded($"{stats.Dropped} ledger record(s) were dropped because the buffer was full.", data: data)
                : HealthCheckResult.Healthy("The ledger is writing.", data);
        return Task.FromResult(result);
    }
}
