using Microsoft.Data.Sqlite;
using RelayEngine.Connections;

namespace RelayWeb.Data;

/// <summary>
/// Upserts ledger records into the <c>connections</c> table, keyed by ("Id", "AgentId"): prepared
/// <c>INSERT ... ON CONFLICT DO UPDATE</c> statements re-bound per record. The conflict clause keeps the ledger monotonic
/// whatever order snapshots arrive in: a closed row stays closed with its first end time, reason and metadata, and byte
/// counters only grow. While open, metadata (Mihomo's host, chains, rule...) takes the latest non-null values; a snapshot
/// without metadata never erases it. Every write stamps the row with the caller's <c>SyncSeq</c> (<see cref="SyncSequence"/>),
/// the i-th record of a batch getting first + i, so a row changed after an agent sent it is sent again.
/// </summary>
/// <remarks>
/// Records without metadata (everything the engine relays itself) use a statement without the twelve metadata columns:
/// Microsoft.Data.Sqlite re-binds every parameter by name on each execution, so 15 parameters instead of 27 is a third
/// less work per row on the master's ingest path (bench/sync-ingest.sh). Both statements share the conflict clause, and an
/// absent metadata column is NULL in <c>excluded</c>, exactly as if NULL had been bound. (A single statement over a JSON
/// array with <c>json_each</c> was measured too: SQLite re-parses the row's JSON for every <c>->></c>, which made it slower.)
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

    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private (SqliteCommand Command, SqliteParameter[] Parameters)? _core;
    private (SqliteCommand Command, SqliteParameter[] Parameters)? _withMetadata;

    public LedgerUpsertCommand(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        _transaction = transaction ?? throw new ArgumentNullException(nameof(transaction));
    }

    /// <summary>
    /// Upserts <paramref name="batch"/> in order inside <paramref name="transaction"/>; the i-th record gets <c>SyncSeq</c>
    /// <paramref name="firstSeq"/> + i (reserve them with <see cref="SyncSequence.Reserve"/>).
    /// </summary>
    public static void Execute(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<ConnectionSnapshot> batch, long firstSeq)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var upsert = new LedgerUpsertCommand(connection, transaction);
        foreach (var snapshot in batch) upsert.Execute(snapshot, firstSeq++);
    }

    /// <summary>
    /// Upserts one snapshot. Synchronous on purpose: Microsoft.Data.Sqlite has no asynchronous I/O (its async methods run
    /// synchronously), so per-row async would only add allocations on the ledger's hot path.
    /// </summary>
    public void Execute(ConnectionSnapshot snapshot, long syncSeq)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = snapshot.Metadata;
        var (command, p) = metadata is null
            ? _core ??= Prepare(CoreSql, s_core.Length)
            : _withMetadata ??= Prepare(MetadataSql, s_core.Length + s_metadata.Length);
        var start = ToUtc(snapshot.StartUtc);
        var end = snapshot.EndUtc is { } e ? ToUtc(e) : (DateTime?)null;
        // Guid as TEXT binds upper-case, DateTime as TEXT binds "yyyy-MM-dd HH:mm:ss.FFFFFFF": the forms EF Core uses.
        p[0].Value = snapshot.Id;
        p[1].Value = snapshot.AgentId;
        p[2].Value = snapshot.RelayId;
        p[3].Value = snapshot.Network;
        p[4].Value = snapshot.Source;
        p[5].Value = snapshot.Listen;
        p[6].Value = Text(snapshot.Target);
        p[7].Value = start;
        p[8].Value = end is { } endValue ? endValue : DBNull.Value;
        p[9].Value = end is { } endTime ? Math.Max(0L, (long)(endTime - start).TotalMilliseconds) : DBNull.Value;
        p[10].Value = snapshot.BytesUp;
        p[11].Value = snapshot.BytesDown;
        p[12].Value = end is null ? DBNull.Value : Text(ConnectionMapper.ToText(snapshot.CloseReason));
        p[13].Value = end is null;
        p[14].Value = syncSeq;
        if (metadata is not null)
        {
            p[15].Value = Text(metadata.Type);
            p[16].Value = Text(metadata.Host);
            p[17].Value = Text(metadata.SniffHost);
            p[18].Value = Text(metadata.Process);
            p[19].Value = Text(metadata.ProcessPath);
            p[20].Value = Text(metadata.InboundName);
            p[21].Value = Text(metadata.InboundUser);
            p[22].Value = Text(metadata.DestinationIp);
            p[23].Value = metadata.DestinationPort is { } port ? port : DBNull.Value;
            p[24].Value = ConnectionMapper.ChainsToJson(metadata.Chains);
            p[25].Value = Text(metadata.Rule);
            p[26].Value = Text(metadata.RulePayload);
        }
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _core?.Command.Dispose();
        _withMetadata?.Command.Dispose();
    }

    private (SqliteCommand, SqliteParameter[]) Prepare(string sql, int count)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        var parameters = new SqliteParameter[count];
        for (var i = 0; i < count; i++)
        {
            var type = i is 9 or 10 or 11 or 13 or 14 or 23 ? SqliteType.Integer : SqliteType.Text;
            parameters[i] = command.Parameters.Add("$p" + i, type);
        }
        command.Prepare();
        return (command, parameters);
    }

    private static string InsertSql(string[] columns) =>
        $"INSERT INTO \"connections\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})\n" +
        $"VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})\n" + Conflict;

    private static object Text(string? value) => (object?)value ?? DBNull.Value;

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
