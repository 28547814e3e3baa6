using Microsoft.EntityFrameworkCore;
using RelayData;

namespace RelayWeb.Retention;

/// <summary>Per-minute statistics (<c>stats_minute</c>) older than the cutoff; long ranges read the hour and day tables.</summary>
public sealed class StatsMinuteRetentionTarget(IDbContextFactory<RelayDbContext> dbFactory) : IRetentionTarget
{
    public const string KindName = "stats_minute";

    public string Kind => KindName;
    public string Title => "Per-minute statistics";
    public int DefaultDays => 7;

    public Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken) =>
        StatsRollupRetention.DeleteBatchAsync(dbFactory, "stats_minute", "Bucket", cutoffUtc, batchSize, cancellationToken);
}
