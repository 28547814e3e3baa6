using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayEngine.Connections;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Data;

/// <summary>
/// A real SQLite file in its own temporary directory, with the persistence services registered as <c>relay serve</c> does
/// (a <see cref="FakeTimeProvider"/> and a <see cref="FakeConnectionLookup"/> stand in for the clock and the engine).
/// Disposing deletes the directory.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _directory;

    private TestDatabase(string directory, string databasePath, ServiceProvider services, FakeTimeProvider time, FakeConnectionLookup live)
    {
        _directory = directory;
        DatabasePath = databasePath;
        Services = services;
        Time = time;
        Live = live;
    }

    public string DatabasePath { get; }
    public ServiceProvider Services { get; }
    public FakeTimeProvider Time { get; }
    public FakeConnectionLookup Live { get; }
    public IDbContextFactory<RelayDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<RelayDbContext>>();

    /// <summary>A new database under a directory that does not exist yet; migrated unless <paramref name="migrate"/> is false.</summary>
    public static async Task<TestDatabase> CreateAsync(bool migrate = true, Action<IServiceCollection>? configure = null)
    {
        var directory = NewDirectory();
        var databasePath = Path.Combine(directory, "data", "relay.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var live = new FakeConnectionLookup();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IConnectionLookup>(live);
        configure?.Invoke(services);
        services.AddRelayPersistence(databasePath);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var database = new TestDatabase(directory, databasePath, provider, time, live);
        if (migrate)
        {
            await RelayDatabase.MigrateAsync(provider, CancellationToken.None);
        }
        return database;
    }

    /// <summary>A fresh, empty temporary directory path (not created).</summary>
    public static string NewDirectory() => Path.Combine(Path.GetTempPath(), "relay-unit-tests", Guid.NewGuid().ToString("N"));

    public async Task<RelayDbContext> CreateDbContextAsync() => await DbFactory.CreateDbContextAsync();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        DeleteDatabaseDirectory(_directory, DatabasePath);
    }

    /// <summary>Releases pooled connections to <paramref name="databasePath"/> (if any) and deletes <paramref name="directory"/>.</summary>
    public static void DeleteDatabaseDirectory(string directory, string? databasePath = null)
    {
        if (databasePath is not null)
        {
            using var connection = new SqliteConnection(RelayDatabase.BuildConnectionString(databasePath));
            SqliteConnection.ClearPool(connection);
        }
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
