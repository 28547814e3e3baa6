using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Mihomo;
using RelayEngine.Model;
using RelayWeb.Hosting;
using RelayWeb.Services;

using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Mihomo.Infrastructure;

/// <summary>
/// The engine with a Mihomo source and the real SQLite ledger in a temp directory, as <c>relay master --mihomo-host</c>
/// composes them (without the web part). Fast test settings: 100 ms snapshots, 50-400 ms reconnect backoff.
/// </summary>
internal sealed class MihomoEngineHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dataDir;
    private readonly bool _deleteDataDir;

    private MihomoEngineHost(IHost host, string dataDir, bool deleteDataDir, CollectingLoggerProvider logs)
    {
        _host = host;
        _dataDir = dataDir;
        _deleteDataDir = deleteDataDir;
        Logs = logs;
    }

    public CollectingLoggerProvider Logs { get; }
    public string DataDir => _dataDir;
    public IServiceProvider Services => _host.Services;
    public IConnectionLookup Connections => Services.GetRequiredService<IConnectionLookup>();
    public IRelayStateLookup Relays => Services.GetRequiredService<IRelayStateLookup>();
    public IConnectionQueries Ledger => Services.GetRequiredService<IConnectionQueries>();
    public ITrafficHistory Traffic => Services.GetRequiredService<ITrafficHistory>();

    /// <param name="dataDir">An existing data directory to reuse (a restart); a new temp one when null, deleted on dispose.</param>
    public static async Task<MihomoEngineHost> StartAsync(FakeMihomoController controller, string? secret, Action<MihomoOptions>? configure = null, string? dataDir = null)
    {
        var deleteDataDir = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("relay-mihomo-test-").FullName;
        var logs = new CollectingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddRelayPersistence(Path.Combine(dataDir, "relay.db"));
        builder.Services.AddHostedService<PersistenceInitializer>();
        builder.Services.AddRelayEngine(o =>
        {
            o.LedgerFlushInterval = TimeSpan.FromMilliseconds(50);
            o.LedgerOpenConnectionRefresh = TimeSpan.FromMilliseconds(200);
        });
        builder.Services.AddMihomoSource(o =>
        {
            o.Host = "127.0.0.1";
            o.Port = controller.Port;
            o.Token = secret;
            o.Interval = TimeSpan.FromMilliseconds(100);
            o.ReconnectMinDelay = TimeSpan.FromMilliseconds(50);
            o.ReconnectMaxDelay = TimeSpan.FromMilliseconds(400);
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TestTimeouts.Default);
        return new MihomoEngineHost(host, dataDir, deleteDataDir, logs);
    }

    /// <summary>The ledger's rows of the Mihomo pseudo-relay, newest first, with live counters overlaid on open ones.</summary>
    public async Task<IReadOnlyList<ConnectionSnapshot>> LedgerRowsAsync() =>
        (await Ledger.QueryAsync(new ConnectionQuery { Relay = "mihomo", Limit = 1000 })).Items;

    public async Task StopAsync()
    {
        await _host.StopAsync().WaitAsync(TestTimeouts.Default);
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (ObjectDisposedException) { }
        _host.Dispose();
        if (_deleteDataDir)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        }
    }
}
