using System.Globalization;
using Microsoft.Data.Sqlite;
using RelayEngine.Connections;
using RelayWeb.Statistics;
using SQLitePCL;

namespace RelayWeb.Data;

/// <summary>
/// Upserts ledger records into the <c>connections</c> table, keyed by ("Id", "AgentId"): prepared
/// <c>INSERT ... ON CONFLICT DO UPDATE</c> statements re-bound per record. The conflict clause keeps the ledger monotonic
/// whatever order snapshots arrive in: a closed row stays closed with its first end time, reason and metadata, and byte
/// counters only grow. While open, metadata (Mihomo's host, chains, rule...) takes the latest non-null values; a snapshot
/// without metadata never erases it. Every write stamps the row with the caller's <c>SyncSeq</c> (<see cref="SyncSequence"/>),
/// the i-th record of a batch getting first + i, so a row changed after an agent sent it is sent again. With
/// <c>trafficIntervals</c> (relay serve and the master; not agents, whose master keeps statistics) each write also records
/// its per-minute traffic (<see cref="TrafficIntervalWriter"/>): the row is read before the upsert, and after it when it
/// already existed, and the difference becomes the interval.
/// </summary>
/// <remarks>
/// This is the throughput path of the ledger and of the master's sync ingest, so it binds through SQLitePCLRaw on the
/// connection's own handle (inside its transaction): by position, with text bound as UTF-16 spans formatted on the stack.
/// Microsoft.Data.Sqlite's parameters look each name up and marshal each value on every execution, which cost about as much
/// as SQLite's own insert (bench/sync-ingest.sh). Records without metadata (everything the engine relays itself) use a
/// statement without the twelve metadata columns; an absent column is NULL in <c>excluded</c>, exactly as if NULL had been
/// bound. Text forms are the ones EF Core and Microsoft.Data.Sqlite write: GUIDs upper-case "D", times
/// "yyyy-MM-dd HH:mm:ss.FFFFFFF" (UTC), booleans 0/1. (A single statement over a JSON array with <c>json_each</c> was
/// measured too: SQLite re-parses each row's JSON for every <c>->></c>, which made it slower.)
/// </remarks>
internal sealed class LedgerUpsertCommand : IDisposable
{
    private const string Conflict = """
        ON CONFLICT ("Id", "AgentId") DO UPDATE SET
            "Target" = CASE WHEN "IsOpen" THEN COALESCE(excluded."Target", "Target") ELSE "Target" END,
            "EndUtc" = CASE WHEN "IsOpen" THEN excluded."EndUtc" ELSE "EndUtc" END,
            "DurationMs" = CASE WHEN "IsOpen" THEN excluded."DurationMs" ELSE "DurationMs" END,
            "CloseReason" = CASE WHEN "IsOpen" THEN excluded."CloseReason" ELSE "CloseReason" END,
            "BytesUp" = MAX("BytesUp", excluded."BytesUp"),
            "BytesDown" = MAX("BytesDown", excluded."BytesDown"),
            "InboundType" = CASE WHEN "IsOpen" THEN COALESCE(excluded."InboundType", "InboundType") ELSE "InboundType" END,
            "Host" = CASE WHEN "IsOpen" THEN COALESCE(excluded."Host", "Host") ELSE "Host" END,
            "SniffHost" = CASE WHEN "IsOpen" THEN COALESCE(excluded."SniffHost", "SniffHost") ELSE "SniffHost" END,
            "Process" = CASE WHEN "IsOpen" THEN COALESCE(excluded."Process", "Process") ELSE "Process" END,
            "ProcessPath" = CASE WHEN "IsOpen" THEN COALESCE(excluded."ProcessPath", "ProcessPath") ELSE "ProcessPath" END,
            "InboundName" = CASE WHEN "IsOpen" THEN COALESCE(excluded."InboundName", "InboundName") ELSE "InboundName" END,
            "InboundUser" = CASE WHEN "IsOpen" THEN COALESCE(excluded."InboundUser", "InboundUser") ELSE "InboundUser" END,
            "DestinationIp" = CASE WHEN "IsOpen" THEN COALESCE(excluded."DestinationIp", "DestinationIp") ELSE "DestinationIp" END,
            "DestinationPort" = CASE WHEN "IsOpen" THEN COALESCE(excluded."DestinationPort", "DestinationPort") ELSE "DestinationPort" END,
            "Chains" = CASE WHEN "IsOpen" THEN COALESCE(excluded."Chains", "Chains") ELSE "Chains" END,
            "Rule" = CASE WHEN "IsOpen" THEN COALESCE(excluded."Rule", "Rule") ELSE "Rule" END,
            "RulePayload" = CASE WHEN "IsOpen" THEN COALESCE(excluded."RulePayload", "RulePayload") ELSE "RulePayload" END,
            "SyncSeq" = excluded."SyncSeq",
            "IsOpen" = "IsOpen" AND excluded."IsOpen";
        """;

    private static readonly string[] s_core =
        ["Id", "AgentId", "RelayId", "Network", "Source", "Listen", "Target", "StartUtc", "EndUtc", "DurationMs", "BytesUp", "BytesDown", "CloseReason", "IsOpen", "SyncSeq"];

    private static readonly string[] s_metadata =
        ["InboundType", "Host", "SniffHost", "Process", "ProcessPath", "InboundName", "InboundUser", "DestinationIp", "DestinationPort", "Chains", "Rule", "RulePayload"];

    internal static readonly string CoreSql = InsertSql(s_core);
    internal static readonly string MetadataSql = InsertSql([.. s_core, .. s_metadata]);

    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private readonly SqliteConnection _connection;
    private readonly TrafficIntervalWriter? _intervals;
    private sqlite3_stmt? _core;
    private sqlite3_stmt? _withMetadata;

    /// <param name="connection">An open connection with a write transaction begun (<c>BEGIN IMMEDIATE</c>).</param>
    /// <param name="transaction">That transaction; the statements run inside it.</param>
    /// <param name="trafficIntervals">Whether to record each write's per-minute traffic for the statistics.</param>
    public LedgerUpsertCommand(SqliteConnection connection, SqliteTransaction transaction, bool trafficIntervals)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        ArgumentNullException.ThrowIfNull(transaction);
        _intervals = trafficIntervals ? new TrafficIntervalWriter(connection) : null;
    }

    /// <summary>
    /// Upserts <paramref name="batch"/> in order inside <paramref name="transaction"/>; the i-th record gets <c>SyncSeq</c>
    /// <paramref name="firstSeq"/> + i (reserve them with <see cref="SyncSequence.Reserve"/>).
    /// </summary>
    public static void Execute(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<ConnectionSnapshot> batch, long firstSeq,
        bool trafficIntervals)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var upsert = new LedgerUpsertCommand(connection, transaction, trafficIntervals);
        foreach (var snapshot in batch) upsert.Execute(snapshot, firstSeq++);
    }

    /// <summary>
    /// Upserts one snapshot. Synchronous on purpose: SQLite has no asynchronous I/O, so per-row async would only add
    /// allocations on the ledger's hot path.
    /// </summary>
    public void Execute(ConnectionSnapshot snapshot, long syncSeq)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = snapshot.Metadata;
        var stmt = metadata is null ? _core ??= Prepare(CoreSql) : _withMetadata ??= Prepare(MetadataSql);
        var start = ToUtc(snapshot.StartUtc);
        var end = snapshot.EndUtc is { } e ? ToUtc(e) : (DateTime?)null;
        Span<char> idText = stackalloc char[40];
        snapshot.Id.TryFormat(idText, out var written, "D");
        for (var i = 0; i < written; i++) idText[i] = char.ToUpperInvariant(idText[i]);
        var id = idText[..written];
        var before = _intervals?.Read(id, snapshot.AgentId);
        Span<char> text = stackalloc char[40];
        Check(raw.sqlite3_bind_text16(stmt, 1, id));
        BindText(stmt, 2, snapshot.AgentId);
        BindText(stmt, 3, snapshot.RelayId);
        BindText(stmt, 4, snapshot.Network);
        BindText(stmt, 5, snapshot.Source);
        BindText(stmt, 6, snapshot.Listen);
        BindText(stmt, 7, snapshot.Target);
        BindDate(stmt, 8, start, text);
        if (end is { } endTime)
        {
            BindDate(stmt, 9, endTime, text);
            Check(raw.sqlite3_bind_int64(stmt, 10, Math.Max(0L, (long)(endTime - start).TotalMilliseconds)));
        }
        else
        {
            Check(raw.sqlite3_bind_null(stmt, 9));
            Check(raw.sqlite3_bind_null(stmt, 10));
        }
        Check(raw.sqlite3_bind_int64(stmt, 11, snapshot.BytesUp));
        Check(raw.sqlite3_bind_int64(stmt, 12, snapshot.BytesDown));
        BindText(stmt, 13, end is null ? null : ConnectionMapper.ToText(snapshot.CloseReason));
        Check(raw.sqlite3_bind_int64(stmt, 14, end is null ? 1 : 0));
        Check(raw.sqlite3_bind_int64(stmt, 15, syncSeq));
        if (metadata is not null)
        {
            BindText(stmt, 16, metadata.Type);
            BindText(stmt, 17, metadata.Host);
            BindText(stmt, 18, metadata.SniffHost);
            BindText(stmt, 19, metadata.Process);
            BindText(stmt, 20, metadata.ProcessPath);
            BindText(stmt, 21, metadata.InboundName);
            BindText(stmt, 22, metadata.InboundUser);
            BindText(stmt, 23, metadata.DestinationIp);
            if (metadata.DestinationPort is { } port) Check(raw.sqlite3_bind_int64(stmt, 24, port));
            else Check(raw.sqlite3_bind_null(stmt, 24));
            BindText(stmt, 25, ConnectionMapper.ChainsToJson(metadata.Chains));
            BindText(stmt, 26, metadata.Rule);
            BindText(stmt, 27, metadata.RulePayload);
        }
        var rc = raw.sqlite3_step(stmt);
        raw.sqlite3_reset(stmt);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
        if (_intervals is null) return;
        if (before is { } old)
        {
            if (_intervals.Read(id, snapshot.AgentId) is { } now) _intervals.Updated(id, snapshot.AgentId, old, now);
        }
        else
        {
            // Inserted: the row holds exactly what was bound.
            _intervals.Inserted(id, snapshot.AgentId, new LedgerRowState(snapshot.BytesUp, snapshot.BytesDown, end is null, StatsTime.ToMinute(start),
                end is { } closedAt ? StatsTime.ToMinute(closedAt) : null, end is { } e2 ? Math.Max(0L, (long)(e2 - start).TotalMilliseconds) : null));
        }
    }

    public void Dispose()
    {
        _intervals?.Dispose();
        _core?.Dispose();
        _withMetadata?.Dispose();
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_connection.Handle, sql, out var stmt));
        return stmt;
    }

    private void BindText(sqlite3_stmt stmt, int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(stmt, index) : raw.sqlite3_bind_text16(stmt, index, value.AsSpan()));

    private void BindDate(sqlite3_stmt stmt, int index, DateTime value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var written, DateFormat, CultureInfo.InvariantCulture);
        Check(raw.sqlite3_bind_text16(stmt, index, buffer[..written]));
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    private static string InsertSql(string[] columns) =>
        $"INSERT INTO \"connections\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})\n" +
        $"VALUES ({string.Join(", ", columns.Select(_ => "?"))})\n" + Conflict;

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
