using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RelayData.Infrastructure;

/// <summary>
/// Gives every connection EF opens the SQL function <c>relay_unixepoch()</c>: the application's clock
/// (<see cref="TimeProvider"/>) in Unix seconds. The statistics triggers on <c>connections</c> (migration
/// <c>StatsRollups</c>) use it for the minute a change was observed in, so tests with a fake clock see the same minutes the
/// engine does. A connection opened outside EF must register it too (<see cref="Register"/>) before it writes ledger rows.
/// </summary>
public sealed class SqliteClockInterceptor(TimeProvider time) : DbConnectionInterceptor
{
    public const string FunctionName = "relay_unixepoch";

    /// <summary>Registers <c>relay_unixepoch()</c> on <paramref name="connection"/>, reading <paramref name="time"/>.</summary>
    public static void Register(SqliteConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        connection.CreateFunction(FunctionName, () => time.GetUtcNow().ToUnixTimeSeconds(), isDeterministic: false);
    }

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (connection is SqliteConnection sqlite) Register(sqlite, time);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection sqlite) Register(sqlite, time);
        return ValueTask.FromResult(result);
    }
}
