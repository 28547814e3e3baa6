using Microsoft.EntityFrameworkCore;
using RelayData;

namespace RelayWeb.Retention;

/// <summary>Per-hour and per-day statistics (<c>stats_hour</c>, then <c>stats_day</c>) older than the cutoff.</summary>
public sealed class StatsHourRetentionTarget(IDbContextFactory<RelayDbContext> dbFactory) : IRetentionTarget
{
    public const string KindName = "stats_hour";

    public string Kind => KindName;
    public string Title => "Per-hour and per-day statistics";
    public int DefaultDays => 400;

    public async Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var hours = await StatsRollupRetention.DeleteBatchAsync(dbFactory, "stats_hour", "Bucket", cutoffUtc, batchSize, cancellationToken).ConfigureAwait(false);
        if (hours > 0) return hours;
        // Whole days only: a day row holds its 24 hours, so it goes when its last hour is past the cutoff.
        return await StatsRollupRetention.DeleteBatchAsync(dbFactory, "stats_day", "Bucket", cutoffUtc.AddDays(-1), batchSize, cancellationToken).ConfigureAwait(false);
    }
}
