using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RelayWeb.Statistics;

/// <summary>
/// Turns ledger writes into per-minute traffic intervals (<c>traffic_intervals</c>) and marks their minutes for the roll-up
/// (<c>stats_dirty</c>), inside the ledger writer's transaction. A connection's opening counts in its start minute; every
/// growth of its byte counters in the minute it was observed in (its end minute once closed, else now, never before its
/// start); its close, with its duration, in its end minute. The statements are prepared once per transaction and bound
/// through SQLitePCLRaw, as the ledger upsert is.
/// </summary>
/// <remarks>
/// Why not triggers on <c>connections</c> (the first design): any trigger on the ledger's upsert makes SQLite keep a
/// statement journal of every page each record touches (~40 KB), and running the trigger program cost as much again; the
/// master's sync ingest fell from ~80,000 to ~44,000 records/s (bench/sync-ingest.sh). Written here, an interval is one
/// plain upsert and the minute's mark is written once per batch. What writes ledger rows therefore writes intervals too:
/// <see cref="Data.LedgerUpsertCommand"/> (the local ledger and the master's ingest) and the stale-row closer. "Now" is
/// the database's clock as the roll-up reads it (<c>stats_clock</c> moves it in tests), read once per transaction.
/// </remarks>
internal sealed class TrafficIntervalWriter : IDisposable
{
    private const string ReadSql = """
        SELECT "BytesUp", "BytesDown", "IsOpen", CAST(strftime('%s', "StartUtc") AS INTEGER) / 60,
               CAST(strftime('%s', "EndUtc") AS INTEGER) / 60, "DurationMs"
        FROM "connections" WHERE "Id" = ?1 AND "AgentId" = ?2
        """;

    private const string AddSql = """
        INSERT INTO "traffic_intervals" ("Minute", "AgentId", "ConnectionId", "BytesUp", "BytesDown", "Opened", "Closed", "DurationMs")
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
        ON CONFLICT ("Minute", "AgentId", "ConnectionId") DO UPDATE SET
            "BytesUp" = "BytesUp" + excluded."BytesUp",
            "BytesDown" = "BytesDown" + excluded."BytesDown",
            "Opened" = MAX("Opened", excluded."Opened"),
            "Closed" = MAX("Closed", excluded."Closed"),
            "DurationMs" = COALESCE(excluded."DurationMs", "DurationMs")
        """;

    private const string MarkSql = """INSERT INTO "stats_dirty" ("Level", "Bucket") VALUES (0, ?1) ON CONFLICT DO NOTHING""";

    /// <summary>The database's clock in Unix minutes, as the roll-up and the queries read it.</summary>
    internal const string NowMinuteSql = """SELECT COALESCE((SELECT "UnixSeconds" FROM "stats_clock" LIMIT 1), CAST(strftime('%s', 'now') AS INTEGER)) / 60""";

    private readonly SqliteConnection _connection;
    private readonly long _nowMinute;
    private readonly HashSet<long> _marked = [];
    private sqlite3_stmt? _read;
    private sqlite3_stmt? _add;
    private sqlite3_stmt? _mark;

    /// <param name="connection">An open connection inside the ledger writer's transaction.</param>
    public TrafficIntervalWriter(SqliteConnection connection)
    {
        _connection = connection ?? throw new ArgumentNullException(nameof(connection));
        using var command = connection.CreateCommand();
        command.CommandText = NowMinuteSql;
        _nowMinute = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The ledger row's counters and times as stored now; null when there is no such row.</summary>
    public LedgerRowState? Read(ReadOnlySpan<char> id, string agentId)
    {
        var stmt = _read ??= Prepare(ReadSql);
        Check(raw.sqlite3_bind_text16(stmt, 1, id));
        Check(raw.sqlite3_bind_text16(stmt, 2, agentId.AsSpan()));
        try
        {
            var rc = raw.sqlite3_step(stmt);
            if (rc == raw.SQLITE_DONE) return null;
            if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
            return new LedgerRowState(
                raw.sqlite3_column_int64(stmt, 0),
                raw.sqlite3_column_int64(stmt, 1),
                raw.sqlite3_column_int64(stmt, 2) != 0,
                raw.sqlite3_column_int64(stmt, 3),
                raw.sqlite3_column_type(stmt, 4) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(stmt, 4),
                raw.sqlite3_column_type(stmt, 5) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(stmt, 5));
        }
        finally
        {
            raw.sqlite3_reset(stmt);
        }
    }

    /// <summary>A new ledger row: its opening, and its traffic and close when it has them.</summary>
    public void Inserted(ReadOnlySpan<char> id, string agentId, LedgerRowState row)
    {
        var start = row.StartMinute;
        var observed = Observed(row);
        var traffic = !row.IsOpen || row.BytesUp + row.BytesDown > 0;
        // A connection that opened and closed in one minute (most do) is one row.
        if (start != observed || !traffic) Add(start, agentId, id, 0, 0, opened: 1, closed: 0, durationMs: null);
        if (traffic)
        {
            Add(observed, agentId, id, row.BytesUp, row.BytesDown, opened: start == observed ? 1 : 0, closed: row.IsOpen ? 0 : 1,
                durationMs: row.IsOpen ? null : row.DurationMs ?? 0);
        }
    }

    /// <summary>An existing ledger row changed from <paramref name="before"/> to <paramref name="after"/>: its growth and its close.</summary>
    public void Updated(ReadOnlySpan<char> id, string agentId, LedgerRowState before, LedgerRowState after)
    {
        var closedNow = before.IsOpen && !after.IsOpen;
        if (after.BytesUp == before.BytesUp && after.BytesDown == before.BytesDown && !closedNow) return;
        Add(Observed(after), agentId, id, after.BytesUp - before.BytesUp, after.BytesDown - before.BytesDown, opened: 0,
            closed: closedNow ? 1 : 0, durationMs: closedNow ? after.DurationMs ?? 0 : null);
    }

    public void Dispose()
    {
        _read?.Dispose();
        _add?.Dispose();
        _mark?.Dispose();
    }

    // Where a change is observed: the end minute once closed, else now (never before the start).
    private long Observed(LedgerRowState row) =>
        !row.IsOpen && row.EndMinute is { } end ? end : Math.Max(_nowMinute, row.StartMinute);

    private void Add(long minute, string agentId, ReadOnlySpan<char> id, long bytesUp, long bytesDown, int opened, int closed, long? durationMs)
    {
        var stmt = _add ??= Prepare(AddSql);
        Check(raw.sqlite3_bind_int64(stmt, 1, minute));
        Check(raw.sqlite3_bind_text16(stmt, 2, agentId.AsSpan()));
        Check(raw.sqlite3_bind_text16(stmt, 3, id));
        Check(raw.sqlite3_bind_int64(stmt, 4, bytesUp));
        Check(raw.sqlite3_bind_int64(stmt, 5, bytesDown));
        Check(raw.sqlite3_bind_int64(stmt, 6, opened));
        Check(raw.sqlite3_bind_int64(stmt, 7, closed));
        Check(durationMs is { } d ? raw.sqlite3_bind_int64(stmt, 8, d) : raw.sqlite3_bind_null(stmt, 8));
        Step(stmt);
        // One mark per minute and transaction: the roll-up only needs to know the minute changed.
        if (_marked.Add(minute))
        {
            var mark = _mark ??= Prepare(MarkSql);
            Check(raw.sqlite3_bind_int64(mark, 1, minute));
            Step(mark);
        }
    }

    private void Step(sqlite3_stmt stmt)
    {
        var rc = raw.sqlite3_step(stmt);
        raw.sqlite3_reset(stmt);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_connection.Handle, sql, out var stmt));
        return stmt;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
    }
}
