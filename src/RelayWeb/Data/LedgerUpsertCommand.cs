using Microsoft.Data.Sqlite;
using RelayEngine.Connections;

namespace RelayWeb.Data;

/// <summary>
/// One prepared <c>INSERT ... ON CONFLICT("Id", "AgentId") DO UPDATE</c> on the <c>connections</c> table, re-bound per
/// snapshot. The conflict clause keeps the ledger monotonic whatever order snapshots arrive in: a closed row stays closed
/// with its first end time and reason, and byte counters only grow. Every write stamps the row with the caller's
/// <c>SyncSeq</c> (<see cref="SyncSequence"/>), so a row changed after an agent sent it is sent again.
/// </summary>
internal sealed class LedgerUpsertCommand : IDisposable
{
    internal const string Sql = """
        INSERT INTO "connections" ("Id", "AgentId", "RelayId", "Network", "Source", "Listen", "Target", "StartUtc", "EndUtc", "DurationMs", "BytesUp", "BytesDown", "CloseReason", "IsOpen", "SyncSeq")
        VALUES ($id, $agentId, $relayId, $network, $source, $listen, $target, $startUtc, $endUtc, $durationMs, $bytesUp, $bytesDown, $closeReason, $isOpen, $syncSeq)
        ON CONFLICT ("Id", "AgentId") DO UPDATE SET
            "Target" = CASE WHEN "IsOpen" THEN COALESCE(excluded."Target", "Target") ELSE "Target" END,
            "EndUtc" = CASE WHEN "IsOpen" THEN excluded."EndUtc" ELSE "EndUtc" END,
            "DurationMs" = CASE WHEN "IsOpen" THEN excluded."DurationMs" ELSE "DurationMs" END,
            "CloseReason" = CASE WHEN "IsOpen" THEN excluded."CloseReason" ELSE "CloseReason" END,
            "BytesUp" = MAX("BytesUp", excluded."BytesUp"),
            "BytesDown" = MAX("BytesDown", excluded."BytesDown"),
            "SyncSeq" = excluded."SyncSeq",
            "IsOpen" = "IsOpen" AND excluded."IsOpen";
        """;

    private readonly SqliteCommand _command;
    private readonly SqliteParameter _id;
    private readonly SqliteParameter _agentId;
    private readonly SqliteParameter _relayId;
    private readonly SqliteParameter _network;
    private readonly SqliteParameter _source;
    private readonly SqliteParameter _listen;
    private readonly SqliteParameter _target;
    private readonly SqliteParameter _startUtc;
    private readonly SqliteParameter _endUtc;
    private readonly SqliteParameter _durationMs;
    private readonly SqliteParameter _bytesUp;
    private readonly SqliteParameter _bytesDown;
    private readonly SqliteParameter _closeReason;
    private readonly SqliteParameter _isOpen;
    private readonly SqliteParameter _syncSeq;

    public LedgerUpsertCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = Sql;
        // Guid as TEXT binds upper-case, DateTime as TEXT binds "yyyy-MM-dd HH:mm:ss.FFFFFFF": the forms EF Core uses.
        _id = Add("$id", SqliteType.Text);
        _agentId = Add("$agentId", SqliteType.Text);
        _relayId = Add("$relayId", SqliteType.Text);
        _network = Add("$network", SqliteType.Text);
        _source = Add("$source", SqliteType.Text);
        _listen = Add("$listen", SqliteType.Text);
        _target = Add("$target", SqliteType.Text);
        _startUtc = Add("$startUtc", SqliteType.Text);
        _endUtc = Add("$endUtc", SqliteType.Text);
        _durationMs = Add("$durationMs", SqliteType.Integer);
        _bytesUp = Add("$bytesUp", SqliteType.Integer);
        _bytesDown = Add("$bytesDown", SqliteType.Integer);
        _closeReason = Add("$closeReason", SqliteType.Text);
        _isOpen = Add("$isOpen", SqliteType.Integer);
        _syncSeq = Add("$syncSeq", SqliteType.Integer);
        _command.Prepare();
    }

    /// <summary>
    /// Upserts one snapshot. Synchronous on purpose: Microsoft.Data.Sqlite has no asynchronous I/O (its async methods run
    /// synchronously), so per-row async would only add allocations on the ledger's hot path.
    /// </summary>
    /// <param name="snapshot">The record.</param>
    /// <param name="syncSeq">The number reserved for this write (<see cref="SyncSequence.Reserve"/>).</param>
    public void Execute(ConnectionSnapshot snapshot, long syncSeq)
    {
        var start = ToUtc(snapshot.StartUtc);
        var end = snapshot.EndUtc is { } e ? ToUtc(e) : (DateTime?)null;
        _id.Value = snapshot.Id;
        _agentId.Value = snapshot.AgentId;
        _relayId.Value = snapshot.RelayId;
        _network.Value = snapshot.Network;
        _source.Value = snapshot.Source;
        _listen.Value = snapshot.Listen;
        _target.Value = (object?)snapshot.Target ?? DBNull.Value;
        _startUtc.Value = start;
        _endUtc.Value = end is { } endValue ? endValue : DBNull.Value;
        _durationMs.Value = end is { } endTime ? Math.Max(0L, (long)(endTime - start).TotalMilliseconds) : DBNull.Value;
        _bytesUp.Value = snapshot.BytesUp;
        _bytesDown.Value = snapshot.BytesDown;
        _closeReason.Value = end is null ? DBNull.Value : (object?)ConnectionMapper.ToText(snapshot.CloseReason) ?? DBNull.Value;
        _isOpen.Value = end is null;
        _syncSeq.Value = syncSeq;
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private SqliteParameter Add(string name, SqliteType type) => _command.Parameters.Add(name, type);

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
