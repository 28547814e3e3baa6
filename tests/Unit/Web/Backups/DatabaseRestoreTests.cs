using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayData.Entities;
using RelayWeb.Backups;
using RelayWeb.Services;
using RelayWeb.UnitTests.Data;
using RelayWeb.UnitTests.Web.Retention;

namespace RelayWeb.UnitTests.Web.Backups;

public sealed class DatabaseRestoreTests : IAsyncLifetime
{
    private static readonly DateTime s_now = new(2026, 11, 21, 13, 0, 0, DateTimeKind.Utc);
    private readonly string _target = TestDatabase.NewDirectory();
    private TestDatabase _source = null!;

    public async Task InitializeAsync()
    {
        _source = await OperationsTestDatabase.CreateAsync();
        Directory.CreateDirectory(_target);
    }

    public async Task DisposeAsync()
    {
        await _source.DisposeAsync();
        SqliteConnection.ClearAllPools();
        TestDatabase.DeleteDatabaseDirectory(_target);
    }

    [Fact]
    public async Task RestoreAsync_BackupIntoAFreshDataDirectory_EveryRelayConnectionAndSettingIsThere()
    {
        // Arrange: relays, connections and settings in the live database, then a backup of it.
        var store = _source.Services.GetRequiredService<IRelayStore>();
        var web = (await store.CreateAsync(RelaySeed.Config("web", "127.0.0.1:8081"), "user:admin")).Relay!;
        var dns = (await store.CreateAsync(RelaySeed.Config("dns", "127.0.0.1:8053") with { Protocol = RelayEngine.Configuration.RelayProtocol.Udp, Strategy = RelayEngine.Configuration.TargetStrategy.Failover }, "user:admin")).Relay!;
        var connections = Enumerable.Range(0, 25).Select(i => new Connection
        {
            Id = Guid.CreateVersion7(), AgentId = "local", RelayId = i % 2 == 0 ? web.RelayId : dns.RelayId, Network = i % 2 == 0 ? "tcp" : "udp",
            Source = $"10.0.0.{i}:5000", Listen = "127.0.0.1:8081", Target = "127.0.0.1:9001", StartUtc = s_now.AddMinutes(-i),
            EndUtc = i == 0 ? null : s_now.AddMinutes(-i).AddSeconds(5), BytesUp = i * 10, BytesDown = i * 20, IsOpen = i == 0,
            CloseReason = i == 0 ? null : "client_closed", DurationMs = i == 0 ? null : 5000,
        }).ToList();
        await using (var db = await _source.CreateDbContextAsync())
        {
            db.Connections.AddRange(connections);
            await db.SaveChangesAsync();
        }
        await _source.Services.GetRequiredService<ISettingsStore>().SetAsync(
            new Dictionary<string, string?> { ["retention.ledger.days"] = "90", ["jobs.database-backup.cron"] = "0 4 * * *" }, "user:admin");
        var backup = await _source.Services.GetRequiredService<BackupService>().CreateAsync(null, CancellationToken.None);
        var expected = await ReadAllAsync(_source.DatabasePath);

        // Act
        var result = await DatabaseRestore.RestoreAsync(backup.File.FullPath, Path.Combine(_target, "relay.db"), s_now, CancellationToken.None);

        // Assert
        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.Null(result.PreviousDatabasePath);
        Assert.Equal((2, 25L, 2), (result.Contents!.Relays, result.Contents.Connections, result.Contents.Settings));
        var restored = await ReadAllAsync(Path.Combine(_target, "relay.db"));
        Assert.Equal(expected.Relays, restored.Relays);
        Assert.Equal(expected.Connections, restored.Connections);
        Assert.Equal(expected.Settings, restored.Settings);
        Assert.Contains(restored.Relays, r => r.StartsWith($"{web.RelayId} web tcp ", StringComparison.Ordinal));
        Assert.Contains("retention.ledger.days=90", restored.Settings);
        Assert.Equal(["relay.db"], Directory.GetFiles(_target).Select(Path.GetFileName).Where(n => !n!.EndsWith(".lock", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RestoreAsync_ExistingDatabase_KeptAsBeforeRestoreWithItsData()
    {
        // Arrange: the target already has a database with a relay the backup does not have.
        var backup = await _source.Services.GetRequiredService<BackupService>().CreateAsync(null, CancellationToken.None);
        await using (var other = await CreateDatabaseAsync(Path.Combine(_target, "relay.db")))
        {
            other.Relays.Add(RelaySeed.Row("aaaaaaaaaaaa", "only-in-old"));
            await other.SaveChangesAsync();
        }
        SqliteConnection.ClearAllPools();

        // Act
        var result = await DatabaseRestore.RestoreAsync(backup.File.FullPath, Path.Combine(_target, "relay.db"), s_now, CancellationToken.None);

        // Assert
        Assert.Equal(RestoreStatus.Restored, result.Status);
        Assert.Equal(Path.Combine(_target, "relay.db.before-restore-20261121-130000"), result.PreviousDatabasePath);
        Assert.Contains((await ReadAllAsync(result.PreviousDatabasePath!)).Relays, r => r.StartsWith("aaaaaaaaaaaa only-in-old tcp ", StringComparison.Ordinal));
        Assert.Empty((await ReadAllAsync(Path.Combine(_target, "relay.db"))).Relays);
    }

    [Fact]
    public async Task RestoreAsync_TargetHeldByARunningRelay_RefusedAndNothingChanged()
    {
        // Arrange
        var backup = await _source.Services.GetRequiredService<BackupService>().CreateAsync(null, CancellationToken.None);
        var target = Path.Combine(_target, "relay.db");
        await File.WriteAllTextAsync(target, "the live database");
        using var running = RelayDatabaseLock.Acquire(target);

        // Act
        var result = await DatabaseRestore.RestoreAsync(backup.File.FullPath, target, s_now, CancellationToken.None);

        // Assert
        Assert.Equal(RestoreStatus.DatabaseInUse, result.Status);
        Assert.Contains("running Relay", result.Message);
        Assert.Equal("the live database", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task RestoreAsync_SqliteFileThatIsNotRelays_InvalidBackup()
    {
        // Arrange
        var foreign = Path.Combine(_target, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER);";
            await command.ExecuteNonQueryAsync();
        }

        // Act
        var result = await DatabaseRestore.RestoreAsync(foreign, Path.Combine(_target, "relay.db"), s_now, CancellationToken.None);

        // Assert
        Assert.Equal(RestoreStatus.InvalidBackup, result.Status);
        Assert.Contains("not a Relay database", result.Message);
        Assert.False(File.Exists(Path.Combine(_target, "relay.db")));
    }

    [Fact]
    public async Task RestoreAsync_DamagedFile_InvalidBackup()
    {
        // Arrange: a real backup with its middle overwritten.
        var backup = await _source.Services.GetRequiredService<BackupService>().CreateAsync(null, CancellationToken.None);
        var damaged = Path.Combine(_target, "damaged.db");
        var bytes = await File.ReadAllBytesAsync(backup.File.FullPath);
        Array.Fill(bytes, (byte)0xAB, 4096, bytes.Length - 8192);
        await File.WriteAllBytesAsync(damaged, bytes);

        // Act
        var result = await DatabaseRestore.RestoreAsync(damaged, Path.Combine(_target, "relay.db"), s_now, CancellationToken.None);

        // Assert
        Assert.Equal(RestoreStatus.InvalidBackup, result.Status);
        Assert.False(File.Exists(Path.Combine(_target, "relay.db")));
        Assert.Empty(Directory.GetFiles(_target, "*.partial*"));
    }

    [Fact]
    public async Task RestoreAsync_BackupFromANewerRelay_Refused()
    {
        // Arrange
        var backup = await _source.Services.GetRequiredService<BackupService>().CreateAsync(null, CancellationToken.None);
        await using (var connection = new SqliteConnection($"Data Source={backup.File.FullPath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO \"__EFMigrationsHistory\" VALUES ('29990101000000_FromTheFuture', '99.0');";
            await command.ExecuteNonQueryAsync();
        }

        // Act
        var result = await DatabaseRestore.RestoreAsync(backup.File.FullPath, Path.Combine(_target, "relay.db"), s_now, CancellationToken.None);

        // Assert
        Assert.Equal(RestoreStatus.InvalidBackup, result.Status);
        Assert.Contains("newer Relay", result.Message);
    }

    private static async Task<RelayDbContext> CreateDatabaseAsync(string path)
    {
        var db = new RelayDbContext(new DbContextOptionsBuilder<RelayDbContext>().UseSqlite(RelayDatabase.BuildConnectionString(path)).Options);
        await db.Database.MigrateAsync();
        return db;
    }

    /// <summary>Every relay, connection and setting of a database as sorted lines, opened (and migrated) the way Relay opens it.</summary>
    private static async Task<(List<string> Relays, List<string> Connections, List<string> Settings)> ReadAllAsync(string path)
    {
        await using var db = await CreateDatabaseAsync(path);
        var relays = (await db.Relays.AsNoTracking().ToListAsync()).Select(r => $"{r.RelayId} {r.Name} {r.Protocol} {r.Listen} {string.Join(",", r.Targets)} {r.Strategy} {r.Enabled}").Order().ToList();
        var connections = (await db.Connections.AsNoTracking().ToListAsync())
            .Select(c => $"{c.Id} {c.AgentId} {c.RelayId} {c.Network} {c.Source} {c.StartUtc:O} {c.EndUtc:O} {c.BytesUp} {c.BytesDown} {c.CloseReason} {c.IsOpen}").Order().ToList();
        var settings = (await db.Settings.AsNoTracking().ToListAsync()).Select(s => $"{s.Name}={s.Value}").Order().ToList();
        SqliteConnection.ClearAllPools();
        return (relays, connections, settings);
    }
}
