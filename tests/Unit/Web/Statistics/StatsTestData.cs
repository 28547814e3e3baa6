using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData.Entities;
using RelayWeb.Data;
using RelayWeb.Statistics;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Statistics;

/// <summary>A migrated test database with the ledger sink, the roll-up service and the query service, driven by its fake clock.</summary>
internal sealed class StatsTestData : IAsyncDisposable
{
    private StatsTestData(TestDatabase database)
    {
        Database = database;
        Sink = database.Services.GetRequiredService<DbLedgerSink>();
        Rollups = new StatsRollupService(database.DbFactory, database.Services.GetRequiredService<LedgerWriteGate>());
        Queries = new StatsQueryService(database.DbFactory);
    }

    public TestDatabase Database { get; }
    public DbLedgerSink Sink { get; }
    public StatsRollupService Rollups { get; }
    public StatsQueryService Queries { get; }

    public static async Task<StatsTestData> CreateAsync() => new(await TestDatabase.CreateAsync());

    /// <summary>Sets the database's statistics clock (<c>stats_clock</c>: the minute the ledger writer attributes open connections' growth to) and writes one batch.</summary>
    public async Task WriteAtAsync(DateTime nowUtc, params RelayEngine.Connections.ConnectionSnapshot[] batch)
    {
        await SetClockAsync(nowUtc);
        await Sink.WriteAsync(batch, CancellationToken.None);
    }

    /// <summary>Sets the database's statistics clock (<c>stats_clock</c>), which the ledger writer and the roll-up read as now.</summary>
    public async Task SetClockAsync(DateTime nowUtc)
    {
        await using var db = await Database.CreateDbContextAsync();
        var seconds = (long)(nowUtc - DateTime.UnixEpoch).TotalSeconds;
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "stats_clock" ("Id", "UnixSeconds") VALUES (1, {0}) ON CONFLICT ("Id") DO UPDATE SET "UnixSeconds" = excluded."UnixSeconds" """, [seconds]);
    }

    public async Task<List<TrafficInterval>> IntervalsAsync()
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.TrafficIntervals.AsNoTracking().OrderBy(i => i.Minute).ToListAsync();
    }

    public async Task<List<string>> RollupRowsAsync()
    {
        await using var db = await Database.CreateDbContextAsync();
        var rows = new List<string>();
        rows.AddRange((await db.StatsMinutes.AsNoTracking().ToListAsync()).Select(r => "m " + Describe(r)));
        rows.AddRange((await db.StatsHours.AsNoTracking().ToListAsync()).Select(r => "h " + Describe(r)));
        rows.AddRange((await db.StatsDays.AsNoTracking().ToListAsync()).Select(r => "d " + Describe(r)));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public async Task<int> DirtyMarksAsync()
    {
        await using var db = await Database.CreateDbContextAsync();
        return await db.StatsDirtyMarks.CountAsync();
    }

    /// <summary>The dirty marks as (level, bucket), in order.</summary>
    public async Task<List<(int Level, long Bucket)>> DirtyMarkListAsync()
    {
        await using var db = await Database.CreateDbContextAsync();
        var marks = await db.StatsDirtyMarks.AsNoTracking().OrderBy(m => m.Level).ThenBy(m => m.Bucket).ToListAsync();
        return marks.Select(m => (m.Level, m.Bucket)).ToList();
    }

    /// <summary>Marks every minute that has intervals dirty again, as if all of them had been written anew.</summary>
    public async Task MarkAllDirtyAsync()
    {
        await using var db = await Database.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("""INSERT OR IGNORE INTO "stats_dirty" ("Level", "Bucket") SELECT DISTINCT 0, "Minute" FROM "traffic_intervals" """);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    private static string Describe(StatsRollup r) =>
        $"{r.Bucket} {r.AgentId} {r.RelayId} {r.Network} {r.Host} {r.Destination} {r.Source} {r.Chain} {r.Rule} {r.Process} " +
        $"{r.BytesUp} {r.BytesDown} {r.Opened} {r.Closed} {r.DurationCount} {r.DurationSumMs} {r.D0} {r.D3} {r.D6}";
}
