using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayEngine.Tunnels;
using RelayWeb.Hosting;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Engine.Infrastructure;

/// <summary>
/// The engine in a generic host, as <c>relay run</c> composes it: relays from an in-memory provider, and either an in-memory
/// ledger or the real SQLite ledger in a temp directory.
/// </summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string? _dataDir;

    private EngineHost(IHost host, InMemoryEngineConfigProvider config, RecordingLedgerSink? ledger, string? dataDir, CollectingLoggerProvider logs)
    {
        _host = host;
        Logs = logs;
        Config = config;
        Ledger = ledger;
        _dataDir = dataDir;
    }

    public InMemoryEngineConfigProvider Config { get; }

    /// <summary>The engine's warnings and errors (the host logs nothing below Warning).</summary>
    public CollectingLoggerProvider Logs { get; }
    public RecordingLedgerSink? Ledger { get; }
    public IServiceProvider Services => _host.Services;
    public IRelayStateLookup Relays => Services.GetRequiredService<IRelayStateLookup>();
    public IConnectionLookup Connections => Services.GetRequiredService<IConnectionLookup>();
    public IRelayControl Control => Services.GetRequiredService<IRelayControl>();
    public ITunnelStateLookup Tunnels => Services.GetRequiredService<ITunnelStateLookup>();

    public static async Task<EngineHost> StartAsync(IEnumerable<RelayConfig> relays, bool sqliteLedger = false, Action<RelayEngineOptions>? configure = null,
        IEnumerable<TunnelConfig>? tunnels = null, Action<TunnelOptions>? tunnelOptions = null, string? dataDirectory = null)
    {
        var config = new InMemoryEngineConfigProvider(relays, tunnels);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var logs = new CollectingLoggerProvider();
        builder.Logging.AddProvider(logs);
        RecordingLedgerSink? ledger = null;
        string? dataDir = null;
        if (sqliteLedger || dataDirectory is not null)
        {
            // A given directory outlives the host (a restart test reuses it); a temp one is deleted with it.
            if (dataDirectory is null) dataDir = Directory.CreateTempSubdirectory("relay-engine-test-").FullName;
            builder.Services.AddRelayPersistence(Path.Combine(dataDirectory ?? dataDir!, "relay.db"));
            builder.Services.AddHostedService<PersistenceInitializer>();
        }
        else
        {
            ledger = new RecordingLedgerSink();
            builder.Services.AddSingleton<ILedgerSink>(ledger);
        }
        builder.Services.Replace(ServiceDescriptor.Singleton<IEngineConfigProvider>(config));
        if (tunnelOptions is not null) builder.Services.Configure(tunnelOptions);
        builder.Services.AddRelayEngine(o =>
        {
            o.LedgerFlushInterval = TimeSpan.FromMilliseconds(50);
            o.DrainTimeout = TimeSpan.FromSeconds(1);
            configure?.Invoke(o);
        });
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TestTimeouts.Default);
        return new EngineHost(host, config, ledger, dataDir, logs);
    }

    /// <summary>Applies a new set of relays and waits until the engine has bound them.</summary>
    public async Task UpdateAsync(params RelayConfig[] relays)
    {
        var revision = Config.Update(relays);
        await Control.WaitForRevisionAsync(revision).WaitAsync(TestTimeouts.Default);
    }

    public TunnelSnapshot Tunnel(string tunnelId) =>
        Tunnels.TryGetTunnel(tunnelId, out var snapshot) ? snapshot : throw new InvalidOperationException($"Tunnel '{tunnelId}' is not known to the engine.");

    public RelaySnapshot Relay(string relayId) =>
        Relays.TryGetRelay(relayId, out var snapshot) ? snapshot : throw new InvalidOperationException($"Relay '{relayId}' is not known to the engine.");

    public IPEndPoint EndPointOf(string relayId) =>
        Relay(relayId).BoundEndPoint ?? throw new InvalidOperationException($"Relay '{relayId}' is {Relay(relayId).Status}: {Relay(relayId).StatusReason}");

    public static RelayConfig Tcp(string id, params string[] targets) => new()
    {
        RelayId = id,
        Name = id,
        Protocol = RelayProtocol.Tcp,
        Listen = "127.0.0.1:0",
        Targets = targets,
    };

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().WaitAsync(TestTimeouts.Default);
        _host.Dispose();
        if (_dataDir is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        }
    }
}
