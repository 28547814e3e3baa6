using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RelayData.Infrastructure;

/// <summary>
/// Sets the per-connection pragmas on every connection EF opens. <c>synchronous</c> is not stored in the database file
/// (unlike <c>journal_mode=WAL</c>, which <see cref="RelayDatabase.MigrateAsync"/> sets once), so each connection needs it.
/// NORMAL is safe in WAL mode: a power loss may roll back the last commits but never corrupts the database.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public const string Pragmas = "PRAGMA synchronous=NORMAL;";

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
