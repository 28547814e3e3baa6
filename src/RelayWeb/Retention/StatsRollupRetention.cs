using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RelayData;

namespace RelayWeb.Retention;

/// <summary>Deletes one batch of rows older than a cutoff (in Unix minutes) from statistics tables, oldest first, by rowid.</summary>
internal static class StatsRollupRetention
{
    public static async Task<int> DeleteBatchAsync(IDbContextFactory<RelayDbContext> dbFactory, string table, string minuteColumn,
        DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = Statistics.StatsTime.ToMinute(cutoffUtc).ToString(CultureInfo.InvariantCulture);
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
#pragma warning disable EF1002 // table and column are constants of the callers, the cutoff a number we format; the size is a parameter
            return await db.Database.ExecuteSqlRawAsync(
                $"DELETE FROM \"{table}\" WHERE rowid IN (SELECT rowid FROM \"{table}\" WHERE \"{minuteColumn}\" < {cutoff} ORDER BY \"{minuteColumn}\" LIMIT {{0}})",
                [batchSize], cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        }
    }
}
