using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayEngine.Configuration;
using RelayEngine.Ledger;
using RelayWeb.Data;
using RelayWeb.Services;

namespace RelayWeb.UnitTests.Data;

public sealed class PersistenceServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddRelayPersistence_EngineDefaultsRegisteredBefore_Replaced()
    {
        // Arrange + Act: the engine registered its defaults first.
        await using var database = await TestDatabase.CreateAsync(migrate: false, configure: services =>
        {
            services.AddSingleton<ILedgerSink, NullLedgerSink>();
            services.AddSingleton<IEngineConfigProvider>(new InMemoryEngineConfigProvider());
        });

        // Assert
        AssertPersistenceServices(database.Services);
    }

    [Fact]
    public async Task AddRelayPersistence_EngineDefaultsTryAddedAfter_StillOurs()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IRelayStore>(database.Services.GetRequiredService<IRelayStore>()); // a host's own store wins (TryAdd)
        services.AddRelayPersistence(database.DatabasePath);

        // Act: the engine registers its defaults afterwards, with TryAdd.
        services.TryAddSingleton<ILedgerSink, NullLedgerSink>();
        services.TryAddSingleton<IEngineConfigProvider>(new InMemoryEngineConfigProvider());
        await using var provider = services.BuildServiceProvider();

        // Assert
        Assert.Same(provider.GetRequiredService<DbLedgerSink>(), provider.GetRequiredService<ILedgerSink>());
        Assert.Same(provider.GetRequiredService<DbEngineConfigProvider>(), provider.GetRequiredService<IEngineConfigProvider>());
        Assert.Same(database.Services.GetRequiredService<IRelayStore>(), provider.GetRequiredService<IRelayStore>());
        Assert.Single(services, d => d.ServiceType == typeof(ILedgerSink));
    }

    [Fact]
    public async Task InitializeAsync_StaleRowsAndRelays_MigratesClosesStaleAndLoadsConfig()
    {
        // Arrange: a database left behind by a killed process.
        await using var database = await TestDatabase.CreateAsync();
        var stale = LedgerSnapshots.Open();
        await database.Services.GetRequiredService<DbLedgerSink>().WriteAsync([stale], CancellationToken.None);
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Relays.Add(RelaySeed.Row("abc", "web"));
            await db.SaveChangesAsync();
        }
        var provider = database.Services.GetRequiredService<DbEngineConfigProvider>();
        var before = provider.GetConfig();

        // Act
        await RelayPersistence.InitializeAsync(database.Services, CancellationToken.None);

        // Assert
        var row = await database.Services.GetRequiredService<IConnectionQueries>().GetAsync(stale.Id);
        Assert.Equal(RelayEngine.Connections.CloseReason.RelayStopped, row!.CloseReason);
        Assert.Equal(database.Time.GetUtcNow().UtcDateTime, row.EndUtc);
        Assert.Equal(["abc"], provider.GetConfig().Relays.Select(r => r.RelayId));
        Assert.True(before.ChangeToken.HasChanged);
    }

    private static void AssertPersistenceServices(IServiceProvider services)
    {
        Assert.IsType<DbLedgerSink>(services.GetRequiredService<ILedgerSink>());
        Assert.Same(services.GetRequiredService<DbLedgerSink>(), services.GetRequiredService<ILedgerSink>());
        Assert.Same(services.GetRequiredService<DbEngineConfigProvider>(), services.GetRequiredService<IEngineConfigProvider>());
        Assert.IsType<RelayStore>(services.GetRequiredService<IRelayStore>());
        Assert.IsType<ConnectionQueries>(services.GetRequiredService<IConnectionQueries>());
        Assert.IsType<EngineConfigValidator>(services.GetRequiredService<IEngineConfigValidator>());
        Assert.Single(services.GetServices<ILedgerSink>());
        Assert.Single(services.GetServices<IEngineConfigProvider>());
    }
}
