using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayWeb.Data;

namespace RelayWeb.AgentSync;

/// <summary>
/// The agent's side of the sync cursor, on its local database: the rows to send (<c>SyncSeq</c> above the acknowledged
/// cursor, oldest first), the cursor itself (a <c>settings</c> row written only after the master acknowledged), and the
/// retention delete that never touches a row above the cursor.
/// </summary>
public sealed class SyncOutbox
{
    /// <summary>The <c>settings</c> row holding the highest sequence number the master acknowledged.</summary>
    public const string CursorSetting = "agent.sync.cursor";

    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly LedgerWriteGate _gate;
    private readonly TimeProvider _time;

    public SyncOutbox(IDbContextFactory<RelayDbContext> dbFactory, LedgerWriteGate gate, TimeProvider time)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _gate = gate ?? throw new ArgumentNullException(nameof(gate));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The acknowledged cursor; 0 before the first acknowledgement.</summary>
    public async Task<long> LoadCursorAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var value = await db.Settings.AsNoTracking().Where(s => s.Name == CursorSetting).Select(s => s.Value)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return value is null ? 0 : long.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Persists the cursor. It only moves forward: a lower value than the stored one is ignored.</summary>
    public async Task SaveCursorAsync(long cursor, CancellationToken cancellationToken)
    {
        using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        // The comparison runs in SQL so two writers (there is one, but still) can never move it back.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "settings" ("Name", "Value", "UpdatedUtc") VALUES ({CursorSetting}, {cursor.ToString(CultureInfo.InvariantCulture)}, {_time.GetUtcNow().UtcDateTime})
            ON CONFLICT ("Name") DO UPDATE SET "Value" = excluded."Value", "UpdatedUtc" = excluded."UpdatedUtc"
            WHERE CAST("settings"."Value" AS INTEGER) < CAST(excluded."Value" AS INTEGER)
            """, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Up to <paramref name="limit"/> rows of <paramref name="agentId"/> written after <paramref name="cursor"/>, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxRecord>> ReadBatchAsync(string agentId, long cursor, int limit, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Connections.AsNoTracking()
            .Where(c => c.AgentId == agentId && c.SyncSeq > cursor)
            .OrderBy(c => c.SyncSeq)
            .Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new OutboxRecord(r.SyncSeq, ConnectionMapper.ToSnapshot(r))).ToArray();
    }

    /// <summary>How many rows of <paramref name="agentId"/> wait above <paramref name="cursor"/>.</summary>
    public async Task<long> CountBacklogAsync(string agentId, long cursor, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Connections.LongCountAsync(c => c.AgentId == agentId && c.SyncSeq > cursor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retention: deletes at most <paramref name="limit"/> closed rows that are synced (<c>SyncSeq</c> at or below
    /// <paramref name="cursor"/>) and ended before <paramref name="cutoffUtc"/>. Open rows and unsynced rows are never
    /// deleted. Returns how many were deleted; call again until it returns less than <paramref name="limit"/>.
    /// </summary>
    public async Task<int> DeleteSyncedBeforeAsync(long cursor, DateTime cutoffUtc, int limit, CancellationToken cancellationToken)
    {
        using var turn = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            // EndUtc and StartUtc are "yyyy-MM-dd HH:mm:ss.FFFFFFF" text, which compares in time order; the StartUtc bound
            // (implied by the EndUtc one) lets SQLite use the StartUtc index instead of scanning every synced row.
            command.CommandText = """
                DELETE FROM "connections" WHERE rowid IN (
                    SELECT rowid FROM "connections"
                    WHERE "SyncSeq" <= $cursor AND "IsOpen" = 0 AND "EndUtc" < $cutoff AND "StartUtc" < $cutoff
                    LIMIT $limit)
                """;
            command.Parameters.AddWithValue("$cursor", cursor);
            command.Parameters.AddWithValue("$cutoff", cutoffUtc.Kind == DateTimeKind.Local ? cutoffUtc.ToUniversalTime() : cutoffUtc);
            command.Parameters.AddWithValue("$limit", limit);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The settings row named <paramref name="name"/>, or null.</summary>
    internal async Task<string?> ReadSettingAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Settings.AsNoTracking().Where(s => s.Name == name).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the settings row named <paramref name="name"/>.</summary>
    internal async Task WriteSettingAsync(string name, string value, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Name == name, cancellationToken).ConfigureAwait(false);
        if (row is null) db.Settings.Add(row = new Setting { Name = name, Value = value });
        row.Value = value;
        row.UpdatedUtc = _time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
