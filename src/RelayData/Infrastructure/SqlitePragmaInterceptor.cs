using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RelayData.Infrastructure;

/// <summary>
/// Sets the per-connection pragmas on every connection EF opens. <c>synchronous</c> is not stored in the database file
/// (unlike <c>journal_mode=WAL</c>, which <see cref="RelayDatabase.MigrateAsync"/> sets once), so each connection needs it.
/// NORMAL is safe in WAL mode: a power loss may roll back the last commits but never corrupts the database.
/// <c>busy_timeout</c> lets SQLite itself wait for another writer's lock, retrying within milliseconds; without it
/// Microsoft.Data.Sqlite retries a busy statement only every 150 ms. Measured with the retention job deleting
/// 300,000 rows next to a ledger-like writer: the writer's p99 went from 464 ms to 64 ms (max 620 → 184 ms).
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public static readonly string Pragmas = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(int)RelayDatabase.BusyTimeout.TotalMilliseconds};";

    public static SqlitePragmaInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
