using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RelayData;

namespace RelayWeb.UnitTests.Data;

/// <summary>Upgrading a database that already holds a ledger: the statistics migration backfills its intervals and marks them for roll-up.</summary>
public sealed class StatsRollupsMigrationTests : IDisposable
{
    private readonly string _directory = TestDatabase.NewDirectory();

    public StatsRollupsMigrationTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task Migrate_LedgerBeforeStatistics_IntervalsBackfilledAndTheirMinutesMarkedDirty()
    {
        // Arrange: the schema as it was before statistics, with one closed connection of 90 s.
        var path = Path.Combine(_directory, "relay.db");
        await using var db = new RelayDbContext(new DbContextOptionsBuilder<RelayDbContext>()
            .UseSqlite(RelayDatabase.BuildConnectionString(path) + ";Pooling=False").Options);
        var migrator = db.GetService<IMigrator>();
        var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_StatsRollups", StringComparison.Ordinal)).Last();
        await migrator.MigrateAsync(before);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO "connections" ("Id", "AgentId", "RelayId", "Network", "Source", "Listen", "Target", "StartUtc", "EndUtc",
                "DurationMs", "BytesUp", "BytesDown", "CloseReason", "IsOpen", "SyncSeq")
            VALUES ('0193A1B2-0000-7000-8000-000000000001', 'local', 'web', 'tcp', '10.0.0.1:5000', '0.0.0.0:80', '10.0.0.2:80',
                '2026-11-22 10:00:30', '2026-11-22 10:02:00', 90000, 5, 50, 'client_closed', 0, 1)
            """);

        // Act
        await migrator.MigrateAsync();

        // Assert: opened in its start minute, traffic and close in its end minute, both minutes waiting for the roll-up.
        var minute = (long)(new DateTime(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalMinutes;
        var intervals = await db.TrafficIntervals.AsNoTracking().OrderBy(i => i.Minute).ToListAsync();
        Assert.Equal([(minute, 1, 0, 0L), (minute + 2, 0, 1, 5L)], intervals.Select(i => (i.Minute, i.Opened, i.Closed, i.BytesUp)));
        Assert.Equal([minute, minute + 2], await db.StatsDirtyMarks.AsNoTracking().Where(m => m.Level == 0).OrderBy(m => m.Bucket).Select(m => m.Bucket).ToListAsync());
    }

    public void Dispose() => TestDatabase.DeleteDatabaseDirectory(_directory);
}
