using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RelayData;
using RelayEngine.Connections;
using RelayWeb.AgentSync;
using RelayWeb.Data;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>
/// §4.6 on a real SQLite file: retention deletes synced records past the retention period, in batches, and never a record
/// the master has not acknowledged — not one never sent, nor one changed since it was sent.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly DateTime s_now = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-retention-").FullName;
    private ServiceProvider _services = default!;

    private DbLedgerSink Sink => _services.GetRequiredService<DbLedgerSink>();
    private SyncOutbox Outbox => _services.GetRequiredService<SyncOutbox>();
    private RetentionService Retention => _services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<RetentionService>().Single();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FixedTimeProvider(s_now));
        services.Configure<AgentOptions>(o => o.DataRetentionDays = 7);
        services.AddRelayPersistence(Path.Combine(_directory, "agent.db"));
        services.AddSingleton<SyncOutbox>();
        services.AddSingleton<RelayWeb.Background.BackgroundWorkThread>();
        services.AddHostedService<RetentionService>();
        _services = services.BuildServiceProvider();
        await RelayDatabase.MigrateAsync(_services, CancellationToken.None);
    }

    [Fact]
    public async Task RunOnce_OnlyDeletesSyncedRecordsPastTheRetentionPeriod()
    {
        // Arrange
        var oldSynced = Closed(3, endedDaysAgo: 10);                  // seq 1-3: synced, old → deleted
        var openThenClosed = Open(startedDaysAgo: 12);                // seq 4: synced while open ...
        var recentSynced = Closed(2, endedDaysAgo: 1);                // seq 5-6: synced, recent → kept
        await WriteAsync(oldSynced, [openThenClosed], recentSynced);
        var deletedWithoutCursor = await Retention.RunOnceAsync(CancellationToken.None);  // an offline agent: nothing is synced
        await Outbox.SaveCursorAsync(6, CancellationToken.None);
        var oldUnsynced = Closed(2, endedDaysAgo: 20);                // seq 7-8: never acknowledged → kept
        var closedLater = openThenClosed with { EndUtc = s_now.AddDays(-11), CloseReason = CloseReason.ClientClosed }; // seq 9: changed since sent → kept
        await WriteAsync(oldUnsynced, [closedLater]);

        // Act
        var deletedFirst = await Retention.RunOnceAsync(CancellationToken.None);
        var afterFirst = await IdsAsync();
        await Outbox.SaveCursorAsync(9, CancellationToken.None);
        var deletedSecond = await Retention.RunOnceAsync(CancellationToken.None);
        var afterSecond = await IdsAsync();

        // Assert
        Assert.Equal(0, deletedWithoutCursor);
        Assert.Equal(3, deletedFirst);
        Assert.Equal(Ids(recentSynced, oldUnsynced, [openThenClosed]), afterFirst);
        Assert.Equal(3, deletedSecond);
        Assert.Equal(Ids(recentSynced), afterSecond);
    }

    [Fact]
    public async Task RunOnce_ManyOldSyncedRecords_DeletedInBatchesUntilNoneIsLeft()
    {
        // Arrange: more than two batches' worth of old synced records and a few unsynced ones after them.
        var old = Closed(2500, endedDaysAgo: 30);
        await WriteAsync(old);
        await Outbox.SaveCursorAsync(2500, CancellationToken.None);
        var unsynced = Closed(5, endedDaysAgo: 30);
        await WriteAsync(unsynced);

        // Act
        var deleted = await Retention.RunOnceAsync(CancellationToken.None);

        // Assert
        Assert.Equal(2500, deleted);
        Assert.Equal(Ids(unsynced), await IdsAsync());
    }

    [Fact]
    public async Task SaveCursor_LowerThanStored_Ignored()
    {
        // Arrange
        await Outbox.SaveCursorAsync(50, CancellationToken.None);

        // Act
        await Outbox.SaveCursorAsync(20, CancellationToken.None);

        // Assert
        Assert.Equal(50, await Outbox.LoadCursorAsync(CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WriteAsync(params ConnectionSnapshot[][] batches)
    {
        foreach (var batch in batches) await Sink.WriteAsync(batch, CancellationToken.None);
    }

    private async Task<HashSet<Guid>> IdsAsync()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<RelayDbContext>>().CreateDbContextAsync();
        return [.. await db.Connections.Select(c => c.Id).ToListAsync()];
    }

    private static HashSet<Guid> Ids(params ConnectionSnapshot[][] groups) => [.. groups.SelectMany(g => g).Select(c => c.Id)];

    private static ConnectionSnapshot[] Closed(int count, int endedDaysAgo) =>
        [.. Enumerable.Range(0, count).Select(_ => Open(endedDaysAgo) with { EndUtc = s_now.AddDays(-endedDaysAgo), CloseReason = CloseReason.ClientClosed, BytesUp = 10 })];

    private static ConnectionSnapshot Open(int startedDaysAgo) => new()
    {
        Id = Guid.CreateVersion7(),
        AgentId = "edge-1",
        RelayId = "r1",
        Network = "tcp",
        Source = "10.0.0.1:4000",
        Listen = "0.0.0.0:80",
        Target = "10.0.0.2:80",
        StartUtc = s_now.AddDays(-startedDaysAgo).AddMinutes(-1),
    };

    private sealed class FixedTimeProvider(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
