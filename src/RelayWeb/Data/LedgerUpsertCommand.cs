using Microsoft.Data.Sqlite;
using RelayEngine.Connections;

namespace RelayWeb.Data;

/// <summary>
/// One prepared <c>INSERT ... ON CONFLICT("Id", "AgentId") DO UPDATE</c> on the <c>connections</c> table, re-bound per
/// snapshot. The conflict clause keeps the ledger monotonic whatever order snapshots arrive in: a closed row stays closed
/// with its first end time, reason and metadata, and byte counters only grow. While open, metadata (Mihomo's host, chains,
/// rule...) takes the latest non-null values; a snapshot without metadata never erases it.
/// </summary>
internal sealed class LedgerUpsertCommand : IDisposable
{
    internal const string Sql = """
        INSERT INTO "connections" ("Id", "AgentId", "RelayId", "Network", "Source", "Listen", "Target", "StartUtc", "EndUtc", "DurationMs", "BytesUp", "BytesDown", "CloseReason", "IsOpen",
            "InboundType", "Host", "SniffHost", "Process", "ProcessPath", "InboundName", "InboundUser", "DestinationIp", "DestinationPort", "Chains", "Rule", "RulePayload")
        VALUES ($id, $agentId, $relayId, $network, $source, $listen, $target, $startUtc, $endUtc, $durationMs, $bytesUp, $bytesDown, $closeReason, $isOpen,
            $inboundType, $host, $sniffHost, $process, $processPath, $inboundName, $inboundUser, $destinationIp, $destinationPort, $chains, $rule, $rulePayload)
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
    private readonly SqliteParameter _inboundType;
    private readonly SqliteParameter _host;
    private readonly SqliteParameter _sniffHost;
    private readonly SqliteParameter _process;
    private readonly SqliteParameter _processPath;
    private readonly SqliteParameter _inboundName;
    private readonly SqliteParameter _inboundUser;
    private readonly SqliteParameter _destinationIp;
    private readonly SqliteParameter _destinationPort;
    private readonly SqliteParameter _chains;
    private readonly SqliteParameter _rule;
    private readonly SqliteParameter _rulePayload;

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
        _inboundType = Add("$inboundType", SqliteType.Text);
        _host = Add("$host", SqliteType.Text);
        _sniffHost = Add("$sniffHost", SqliteType.Text);
        _process = Add("$process", SqliteType.Text);
        _processPath = Add("$processPath", SqliteType.Text);
        _inboundName = Add("$inboundName", SqliteType.Text);
        _inboundUser = Add("$inboundUser", SqliteType.Text);
        _destinationIp = Add("$destinationIp", SqliteType.Text);
        _destinationPort = Add("$destinationPort", SqliteType.Integer);
        _chains = Add("$chains", SqliteType.Text);
        _rule = Add("$rule", SqliteType.Text);
        _rulePayload = Add("$rulePayload", SqliteType.Text);
        _command.Prepare();
    }

    /// <summary>
    /// Upserts one snapshot. Synchronous on purpose: Microsoft.Data.Sqlite has no asynchronous I/O (its async methods run
    /// synchronously), so per-row async would only add allocations on the ledger's hot path.
    /// </summary>
    public void Execute(ConnectionSnapshot snapshot)
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
        BindMetadata(snapshot.Metadata);
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private void BindMetadata(ConnectionMetadata? m)
    {
        _inboundType.Value = Text(m?.Type);
        _host.Value = Text(m?.Host);
        _sniffHost.Value = Text(m?.SniffHost);
        _process.Value = Text(m?.Process);
        _processPath.Value = Text(m?.ProcessPath);
        _inboundName.Value = Text(m?.InboundName);
        _inboundUser.Value = Text(m?.InboundUser);
        _destinationIp.Value = Text(m?.DestinationIp);
        _destinationPort.Value = m?.DestinationPort is { } port ? port : DBNull.Value;
        _chains.Value = m is null ? DBNull.Value : ConnectionMapper.ChainsToJson(m.Chains);
        _rule.Value = Text(m?.Rule);
        _rulePayload.Value = Text(m?.RulePayload);
    }

    private static object Text(string? value) => (object?)value ?? DBNull.Value;

    private SqliteParameter Add(string name, SqliteType type) => _command.Parameters.Add(name, type);

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
}
