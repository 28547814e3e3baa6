using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelayData;
using RelayEngine.Connections;
using RelayEngine.Ledger;

namespace RelayWeb.Data;

/// <summary>
/// Persists ledger batches into the <c>connections</c> table: one transaction and one upsert statement per batch, keyed by
/// (Id, AgentId), no change tracking (this is on the throughput path). Replaying a batch changes nothing; a
/// closed row is never reopened by an older open snapshot and byte counters never go down (<see cref="LedgerUpsertCommand"/>).
/// </summary>
public sealed class DbLedgerSink : ILedgerSink
{
    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly LedgerWriteGate _gate;
    private readonly bool _trafficIntervals;

    /// <param name="options">Whether writes record per-minute traffic (<see cref="LedgerOptions.TrafficIntervals"/>); default yes.</param>
    public DbLedgerSink(IDbContextFactory<RelayDbContext> dbFactory, LedgerWriteGate gate, IOptions<LedgerOptions>? options = null)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _trafficIntervals = options?.Value.TrafficIntervals ?? true;
    }

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<ConnectionSnapshot> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0) return;

        using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            // BEGIN IMMEDIATE: take the write lock up front (waiting up to the busy timeout) instead of failing on upgrade.
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var firstSeq = SyncSequence.Reserve(connection, transaction, batch.Count);
                LedgerUpsertCommand.Execute(connection, transaction, batch, firstSeq, _trafficIntervals);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Closes the rows <paramref name="agentId"/> left open when its previous process ended without closing them (crash,
    /// kill): reason <c>relay_stopped</c>, end time <paramref name="nowUtc"/> (the last moment known to bound them). Each
    /// closed row gets a new <c>SyncSeq</c>, so an agent sends the close to its master. Call at start-up, before the engine
    /// opens connections. Returns how many rows were closed.
    /// </summary>
    public Task<int> CloseStaleOpenConnectionsAsync(string agentId, DateTime nowUtc, CancellationToken cancellationToken) =>
        CloseStaleOpenConnectionsAsync(agentId, nowUtc, [], cancellationToken);

    /// <summary>
    /// As <see cref="CloseStaleOpenConnectionsAsync(string, DateTime, CancellationToken)"/>, but rows of
    /// <paramref name="exceptRelayIds"/> stay open: sources whose connections outlive the process (Mihomo,
    /// <see cref="RelayEngine.Ledger.IResumingConnectionSource"/>) resume them.
    /// </summary>
    public async Task<int> CloseStaleOpenConnectionsAsync(string agentId, DateTime nowUtc, IReadOnlyCollection<string> exceptRelayIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentNullException.ThrowIfNull(exceptRelayIds);
        var except = JsonSerializer.Serialize(exceptRelayIds.ToArray());
        var now = nowUtc.Kind == DateTimeKind.Local ? nowUtc.ToUniversalTime() : nowUtc;
        using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            var transaction = connection.BeginTransaction(deferred: false);
            await using (transaction.ConfigureAwait(false))
            {
                var count = CountStale(connection, transaction, agentId, except);
                if (count == 0) return 0;
                var firstSeq = SyncSequence.Reserve(connection, transaction, count);
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                // Both times are "yyyy-MM-dd HH:mm:ss.FFFFFFF" text, which compares in time order and which julianday() reads.
                command.CommandText = """
                    UPDATE "connections"
                    SET "IsOpen" = 0,
                        "EndUtc" = MAX($now, "StartUtc"),
                        "DurationMs" = MAX(0, CAST(ROUND((julianday($now) - julianday("StartUtc")) * 86400000.0) AS INTEGER)),
                        "CloseReason" = $reason,
                        "SyncSeq" = $firstSeq + stale.n - 1
                    FROM (SELECT rowid AS id, ROW_NUMBER() OVER (ORDER BY rowid) AS n
                          FROM "connections" WHERE "IsOpen" = 1 AND "AgentId" = $agentId
                                AND "RelayId" NOT IN (SELECT value FROM json_each($except))) AS stale
                    WHERE "connections".rowid = stale.id
                    """;
                command.Parameters.AddWithValue("$now", now);
                command.Parameters.AddWithValue("$reason", ConnectionMapper.ToText(CloseReason.RelayStopped));
                command.Parameters.AddWithValue("$firstSeq", firstSeq);
                command.Parameters.AddWithValue("$agentId", agentId);
                command.Parameters.AddWithValue("$except", except);
                var closed = command.ExecuteNonQuery();
                if (_trafficIntervals) RecordCloses(connection, transaction, agentId, firstSeq, closed);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return closed;
            }
        }
    }

    /// <summary>
    /// The closes just written, as traffic intervals (<see cref="Statistics.TrafficIntervalWriter"/> does this for upserts):
    /// counted in each row's end minute with its duration; no bytes, the counters did not change. The rows are the ones
    /// stamped with the reserved sequence numbers.
    /// </summary>
    private static void RecordCloses(SqliteConnection connection, SqliteTransaction transaction, string agentId, long firstSeq, int count)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO "traffic_intervals" ("Minute", "AgentId", "ConnectionId", "BytesUp", "BytesDown", "Opened", "Closed", "DurationMs")
            SELECT CAST(strftime('%s', "EndUtc") AS INTEGER) / 60, "AgentId", "Id", 0, 0, 0, 1, COALESCE("DurationMs", 0)
            FROM "connections" WHERE "AgentId" = $agentId AND "SyncSeq" >= $firstSeq AND "SyncSeq" < $firstSeq + $count
            ON CONFLICT ("Minute", "AgentId", "ConnectionId") DO UPDATE SET
                "Closed" = MAX("Closed", excluded."Closed"), "DurationMs" = COALESCE(excluded."DurationMs", "DurationMs");
            INSERT INTO "stats_dirty" ("Level", "Bucket")
            SELECT DISTINCT 0, CAST(strftime('%s', "EndUtc") AS INTEGER) / 60
            FROM "connections" WHERE "AgentId" = $agentId AND "SyncSeq" >= $firstSeq AND "SyncSeq" < $firstSeq + $count
            ON CONFLICT DO NOTHING;
            """;
        command.Parameters.AddWithValue("$agentId", agentId);
        command.Parameters.AddWithValue("$firstSeq", firstSeq);
        command.Parameters.AddWithValue("$count", count);
        command.ExecuteNonQuery();
    }

    private static int CountStale(SqliteConnection connection, SqliteTransaction transaction, string agentId, string except)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT COUNT(*) FROM "connections"
            WHERE "IsOpen" = 1 AND "AgentId" = $agentId AND "RelayId" NOT IN (SELECT value FROM json_each($except))
            """;
        command.Parameters.AddWithValue("$agentId", agentId);
        command.Parameters.AddWithValue("$except", except);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
