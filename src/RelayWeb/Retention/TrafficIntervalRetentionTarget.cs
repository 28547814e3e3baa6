using Microsoft.EntityFrameworkCore;
using RelayData;

namespace RelayWeb.Retention;

/// <summary>
/// Per-connection minutes (<c>traffic_intervals</c>, what roll-ups are computed from) older than the cutoff. Keep them at
/// least as long as closed connections are kept: a late sync recomputes its minutes from them.
/// </summary>
public sealed class TrafficIntervalRetentionTarget(IDbContextFactory<RelayDbContext> dbFactory) : IRetentionTarget
{
    public const string KindName = "traffic_intervals";

    public string Kind => KindName;
    public string Title => "Per-connection traffic minutes";
    public int DefaultDays => 30;

    public Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken) =>
        StatsRollupRetention.DeleteBatchAsync(dbFactory, "traffic_intervals", "Minute", cutoffUtc, batchSize, cancellationToken);
}
