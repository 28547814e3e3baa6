using Microsoft.Data.Sqlite;
using RelayData.Entities;

namespace RelayWeb.Data;

/// <summary>
/// Hands out <see cref="Connection.SyncSeq"/> numbers from the <c>sequences</c> row <c>connections</c>. Call inside a write
/// transaction (<c>BEGIN IMMEDIATE</c>): the reservation and the rows stamped with it commit together, so numbers are never
/// reused, and since SQLite has one writer at a time, a reader never sees a higher number committed before a lower one.
/// </summary>
/// <remarks>
/// A counter row rather than <c>MAX(SyncSeq) + 1</c>: retention deletes synced rows, and once the highest ones were gone
/// MAX would go back and hand out numbers at or below the acknowledged cursor, which would then never be sent.
/// </remarks>
internal static class SyncSequence
{
    private const string ReserveSql = """
        INSERT INTO "sequences" ("Name", "Value") VALUES ($name, $count)
        ON CONFLICT ("Name") DO UPDATE SET "Value" = "Value" + excluded."Value"
        RETURNING "Value";
        """;

    /// <summary>Reserves <paramref name="count"/> numbers and returns the first; they are first .. first + count - 1.</summary>
    public static long Reserve(SqliteConnection connection, SqliteTransaction transaction, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReserveSql;
        command.Parameters.AddWithValue("$name", Sequence.Connections);
        command.Parameters.AddWithValue("$count", (long)count);
        var last = (long)command.ExecuteScalar()!;
        return last - count + 1;
    }
}
