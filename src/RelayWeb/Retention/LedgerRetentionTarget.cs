using Microsoft.EntityFrameworkCore;
using RelayData;

namespace RelayWeb.Retention;

/// <summary>
/// Closed ledger rows that ended before the cutoff. Open connections are never deleted, however old. The batch is found
/// through the <c>StartUtc</c> index (a connection that ended before the cutoff also started before it), oldest first,
/// and deleted by rowid in one statement, so each batch is one short write transaction.
/// </summary>
public sealed class LedgerRetentionTarget(IDbContextFactory<RelayDbContext> dbFactory) : IRetentionTarget
{
    public const string KindName = "ledger";

    // SQLite: "connections" is a rowid table (its primary key is composite), so rowid is the cheapest handle on a row.
    internal const string DeleteSql = """
        DELETE FROM "connections" WHERE rowid IN (
            SELECT rowid FROM "connections"
            WHERE "StartUtc" < {0} AND "IsOpen" = 0 AND "EndUtc" IS NOT NULL AND "EndUtc" < {0}
            LIMIT {1})
        """;

    public string Kind => KindName;
    public string Title => "Closed connections";
    public int DefaultDays => 30;

    public async Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // Both values are bound as parameters; the DateTime binds in the text form EF stores.
            return await db.Database.ExecuteSqlRawAsync(DeleteSql, [DateTime.SpecifyKind(cutoffUtc, DateTimeKind.Utc), batchSize], cancellationToken).ConfigureAwait(false);
        }
    }
}
