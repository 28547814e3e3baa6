using Microsoft.Data.Sqlite;

namespace RelayWeb.IntegrationTests.Sync.Infrastructure;

/// <summary>One ledger row as the tests compare them between an agent's database and its master's.</summary>
public sealed record LedgerRow(Guid Id, string RelayId, long BytesUp, long BytesDown, bool IsOpen, string? CloseReason, string Source, string? Target);

/// <summary>
/// Reads the <c>connections</c> table of a node's SQLite file directly (a separate, unpooled connection; WAL lets it read
/// while the node writes), so tests check what is actually stored, not what an API says.
/// </summary>
public static class LedgerFile
{
    /// <summary>Every row of <paramref name="agentId"/>; fails if an id appears twice.</summary>
    public static async Task<Dictionary<Guid, LedgerRow>> ReadAsync(string databasePath, string agentId)
    {
        var rows = new Dictionary<Guid, LedgerRow>();
        if (!File.Exists(databasePath)) return rows;
        await using var connection = Open(databasePath);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "Id", "RelayId", "BytesUp", "BytesDown", "IsOpen", "CloseReason", "Source", "Target"
            FROM "connections" WHERE "AgentId" = $agentId
            """;
        command.Parameters.AddWithValue("$agentId", agentId);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new LedgerRow(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7));
            Assert.True(rows.TryAdd(row.Id, row), $"Connection {row.Id} of agent {agentId} is stored twice in {databasePath}.");
        }
        return rows;
    }

    /// <summary>Rows of <paramref name="agentId"/> (closed ones only with <paramref name="closedOnly"/>); 0 while the file does not exist.</summary>
    public static async Task<long> CountAsync(string databasePath, string agentId, bool closedOnly = false)
    {
        if (!File.Exists(databasePath)) return 0;
        try
        {
            await using var connection = Open(databasePath);
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT COUNT(*) FROM "connections" WHERE "AgentId" = $agentId""" + (closedOnly ? """ AND "IsOpen" = 0""" : "");
            command.Parameters.AddWithValue("$agentId", agentId);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1)
        {
            return 0; // no such table yet: the node is still migrating
        }
    }

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }
}
