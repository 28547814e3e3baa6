using Microsoft.EntityFrameworkCore;
using RelayData;

namespace RelayWeb.Retention;

/// <summary>
/// Per-hour and per-day statistics (<c>stats_hour</c>, then <c>stats_day</c>, then the per-dimension rows of <c>stats_top</c>)
/// older than the cutoff.
/// </summary>
public sealed class StatsHourRetentionTarget(IDbContextFactory<RelayDbContext> dbFactory) : IRetentionTarget
{
    public const string KindName = "stats_hour";

    public string Kind => KindName;
    public string Title => "Per-hour and per-day statistics";
    public int DefaultDays => 400;

    /// <remarks>
    /// The batch is filled from the three tables in turn, so a batch short of <paramref name="batchSize"/> means all three
    /// are done (the job stops at the first short batch).
    /// </remarks>
    public async Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var deleted = await StatsRollupRetention.DeleteBatchAsync(dbFactory, "stats_hour", "Bucket", cutoffUtc, batchSize, cancellationToken).ConfigureAwait(false);
        // Whole days only: a day row holds its 24 hours, so it goes when its last hour is past the cutoff.
        if (deleted < batchSize)
        {
            deleted += await StatsRollupRetention.DeleteBatchAsync(dbFactory, "stats_day", "Bucket", cutoffUtc.AddDays(-1), batchSize - deleted, cancellationToken).ConfigureAwait(false);
        }
        // Per-dimension hours, days and weeks alike once the week they start is past the cutoff (a week row holds 7 days).
        if (deleted < batchSize)
        {
            deleted += await StatsRollupRetention.DeleteBatchAsync(dbFactory, "stats_top", "Bucket", cutoffUtc.AddDays(-7), batchSize - deleted, cancellationToken).ConfigureAwait(false);
        }
        return deleted;
    }
}
