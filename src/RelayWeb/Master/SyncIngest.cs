using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayEngine.Connections;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;
using RelayWeb.Data;

namespace RelayWeb.Master;

/// <summary>
/// Stores one validated sync batch: every record upserted by (id, agent id) with the ledger's own monotonic rules
/// (<see cref="LedgerUpsertCommand"/>: counters never go down, a closed row never reopens) and the agent's row, all in one
/// transaction. A batch sent twice changes nothing; a batch cut off (process killed, connection lost) leaves nothing.
/// </summary>
public sealed class SyncIngest
{
    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly LedgerWriteGate _gate;
    private readonly TimeProvider _time;

    public SyncIngest(IDbContextFactory<RelayDbContext> dbFactory, LedgerWriteGate gate, TimeProvider time)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>
    /// Commits the batch and returns the agent as stored plus the highest <c>seq</c> stored (null without records).
    /// Validate first (<see cref="SyncRequestValidator"/>); this assumes a valid batch.
    /// </summary>
    public async Task<(AgentInfo Agent, long? AcknowledgedSeq)> IngestAsync(SyncRequest request, string? tokenId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agentId = request.AgentId!;
        var records = request.Records ?? [];
        var heartbeat = request.Heartbeat ?? new AgentHeartbeatDto();
        long? acknowledged = records.Count == 0 ? null : records.Max(r => r!.Seq);
        var now = _time.GetUtcNow().UtcDateTime;

        using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            // BEGIN IMMEDIATE: the write lock up front (waiting up to the busy timeout), as the ledger writer takes it.
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                if (records.Count > 0)
                {
                    var firstSeq = SyncSequence.Reserve(connection, transaction, records.Count);
                    LedgerUpsertCommand.Execute(connection, transaction, records.Select(r => ToSnapshot(r!, agentId)).ToArray(), firstSeq, trafficIntervals: true);
                }
                var agent = UpsertAgent(connection, transaction, agentId, heartbeat, request.AssignmentRevision, records.Count, acknowledged ?? 0, tokenId, now);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return (AgentRegistry.FromEntity(agent), acknowledged);
            }
        }
    }

    /// <summary>The engine's record for a sync record, stored under <paramref name="agentId"/>.</summary>
    public static ConnectionSnapshot ToSnapshot(SyncRecordDto record, string agentId)
    {
        ArgumentNullException.ThrowIfNull(record);
        var end = record.End is { } e ? SyncRequestValidator.ToUtc(e) : (DateTime?)null;
        return new ConnectionSnapshot
        {
            Id = record.Id,
            AgentId = agentId,
            RelayId = record.RelayId!,
            Network = record.Network!,
            Source = record.Source!,
            Listen = record.Listen!,
            Target = record.Target,
            StartUtc = SyncRequestValidator.ToUtc(record.Start!.Value),
            EndUtc = end,
            BytesUp = record.BytesUp,
            BytesDown = record.BytesDown,
            // An open record has no reason; a closed one without a reason (or with one this version does not know) is an error.
            CloseReason = end is null ? CloseReason.None
                : ConnectionMapper.ParseCloseReason(record.CloseReason) is var reason && reason != CloseReason.None ? reason : CloseReason.Error,
            Metadata = record.Metadata?.ToMetadata(),
        };
    }

    private static Agent UpsertAgent(SqliteConnection connection, SqliteTransaction transaction, string agentId, AgentHeartbeatDto heartbeat,
        string? assignmentRevision, int received, long acknowledged, string? tokenId, DateTime now)
    {
        var heartbeatJson = JsonSerializer.Serialize(heartbeat, RelayJson.Options);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO "agents" ("AgentId", "Region", "Version", "FirstSeenUtc", "LastSeenUtc", "SyncIntervalSeconds", "Backlog",
                "OldestUnsyncedAgeSeconds", "LastError", "DiskFull", "LastAckedSeq", "RecordsReceived", "AssignmentRevision", "TokenId", "LastHeartbeat")
            VALUES ($agentId, $region, $version, $now, $now, $interval, $backlog, $oldest, $lastError, $diskFull, $acked, $received, $revision, $tokenId, $heartbeat)
            ON CONFLICT ("AgentId") DO UPDATE SET
                "Region" = excluded."Region",
                "Version" = excluded."Version",
                "LastSeenUtc" = excluded."LastSeenUtc",
                "SyncIntervalSeconds" = excluded."SyncIntervalSeconds",
                "Backlog" = excluded."Backlog",
                "OldestUnsyncedAgeSeconds" = excluded."OldestUnsyncedAgeSeconds",
                "LastError" = excluded."LastError",
                "DiskFull" = excluded."DiskFull",
                "LastAckedSeq" = MAX("LastAckedSeq", excluded."LastAckedSeq"),
                "RecordsReceived" = "RecordsReceived" + excluded."RecordsReceived",
                "AssignmentRevision" = excluded."AssignmentRevision",
                "TokenId" = excluded."TokenId",
                "LastHeartbeat" = excluded."LastHeartbeat"
            RETURNING "FirstSeenUtc", "LastAckedSeq", "RecordsReceived";
            """;
        command.Parameters.AddWithValue("$agentId", agentId);
        command.Parameters.AddWithValue("$region", (object?)heartbeat.Region ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", (object?)heartbeat.Version ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$interval", heartbeat.SyncIntervalSeconds);
        command.Parameters.AddWithValue("$backlog", heartbeat.Backlog);
        command.Parameters.AddWithValue("$oldest", (object?)heartbeat.OldestUnsyncedAgeSeconds ?? DBNull.Value);
        command.Parameters.AddWithValue("$lastError", (object?)heartbeat.LastError ?? DBNull.Value);
        command.Parameters.AddWithValue("$diskFull", heartbeat.DiskFull);
        command.Parameters.AddWithValue("$acked", acknowledged);
        command.Parameters.AddWithValue("$received", (long)received);
        command.Parameters.AddWithValue("$revision", (object?)assignmentRevision ?? DBNull.Value);
        command.Parameters.AddWithValue("$tokenId", (object?)tokenId ?? DBNull.Value);
        command.Parameters.AddWithValue("$heartbeat", heartbeatJson);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new Agent
        {
            AgentId = agentId,
            Region = heartbeat.Region,
            Version = heartbeat.Version,
            FirstSeenUtc = DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc),
            LastSeenUtc = now,
            SyncIntervalSeconds = heartbeat.SyncIntervalSeconds,
            Backlog = heartbeat.Backlog,
            OldestUnsyncedAgeSeconds = heartbeat.OldestUnsyncedAgeSeconds,
            LastError = heartbeat.LastError,
            DiskFull = heartbeat.DiskFull,
            LastAckedSeq = reader.GetInt64(1),
            RecordsReceived = reader.GetInt64(2),
            AssignmentRevision = assignmentRevision,
            TokenId = tokenId,
            LastHeartbeat = heartbeatJson,
        };
    }
}
