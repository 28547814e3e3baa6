using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayEngine.Transport;

namespace RelayWeb.UnitTests.Engine.Infrastructure;

/// <summary>
/// A <see cref="UdpRelayListener"/> wired to real engine pieces (event hub, registry, ledger writer with a
/// <see cref="RecordingLedgerSink"/>). The relay may run on fake time; the ledger writer always runs on real time so its
/// flush delay elapses.
/// </summary>
internal sealed class UdpRelayHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _ledgerStop = new();
    private readonly Task _ledgerLoop;

    public UdpRelayHarness(RelayConfig config, TimeProvider? time = null, IPAddress? multicastInterface = null)
    {
        Time = time ?? TimeProvider.System;
        Options = new RelayEngineOptions { LedgerFlushInterval = TimeSpan.FromMilliseconds(5) };
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Hub = new EngineEventHub(Time, NullLogger<EngineEventHub>.Instance, options);
        Ledger = new RecordingLedgerSink();
        Writer = new LedgerWriter(Ledger, TimeProvider.System, NullLogger<LedgerWriter>.Instance, options);
        Registry = new ConnectionRegistry(Hub, Writer, Time, options);
        Hub.Connections = Registry;
        Relay = new RelayState(config);
        Listener = new UdpRelayListener(Relay, Registry, Options, Time, NullLogger.Instance) { MulticastInterface = multicastInterface };
        _ledgerLoop = Writer.RunAsync(_ledgerStop.Token, CancellationToken.None);
    }

    public TimeProvider Time { get; }
    public RelayEngineOptions Options { get; }
    public EngineEventHub Hub { get; }
    public RecordingLedgerSink Ledger { get; }
    public LedgerWriter Writer { get; }
    public ConnectionRegistry Registry { get; }
    public RelayState Relay { get; }
    public UdpRelayListener Listener { get; }

    /// <summary>A UDP relay config with the given listen address and targets.</summary>
    public static RelayConfig Config(string listen, IEnumerable<string> targets, TargetStrategy strategy = TargetStrategy.Failover,
        TimeSpan? idleTimeout = null, int? maxConnections = null) => new()
    {
        RelayId = "udp-test",
        Protocol = RelayProtocol.Udp,
        Listen = listen,
        Targets = targets.ToArray(),
        Strategy = strategy,
        IdleTimeout = idleTimeout,
        MaxConnections = maxConnections,
    };

    /// <summary>A relay on 127.0.0.1:0 to <paramref name="targets"/>.</summary>
    public static RelayConfig Config(params IPEndPoint[] targets) => Config("127.0.0.1:0", targets.Select(t => t.ToString()));

    /// <summary>Starts the listener and returns the endpoint it bound.</summary>
    public IPEndPoint Start()
    {
        Listener.Start();
        return Listener.BoundEndPoint!;
    }

    /// <summary>The open sessions of the relay, oldest first.</summary>
    public IReadOnlyList<ConnectionSnapshot> OpenSessions => Registry.GetOpenConnections(Relay.RelayId);

    /// <summary>
    /// Waits until the relay has exactly <paramref name="count"/> open sessions and they satisfy <paramref name="condition"/>
    /// (counters move right after a datagram is handed on, so a reply can be seen before its count).
    /// </summary>
    public async Task<IReadOnlyList<ConnectionSnapshot>> WaitForSessionsAsync(int count, Func<IReadOnlyList<ConnectionSnapshot>, bool>? condition = null)
    {
        IReadOnlyList<ConnectionSnapshot> sessions = [];
        await TestTimeouts.WaitUntilAsync(() =>
        {
            sessions = OpenSessions;
            return sessions.Count == count && (condition is null || condition(sessions));
        }, $"{count} open sessions in the expected state");
        return sessions;
    }

    /// <summary>
    /// Waits until every record handed to the ledger writer so far has reached <see cref="Ledger"/>: queues a marker record
    /// behind them (the writer keeps queue order) and waits for it.
    /// </summary>
    public async Task LedgerFlushedAsync()
    {
        var marker = new ConnectionSnapshot
        {
            Id = Guid.NewGuid(), AgentId = "test", RelayId = MarkerRelayId, Network = "udp", Source = "-", Listen = "-", StartUtc = DateTime.UnixEpoch,
        };
        Assert.True(Writer.TryEnqueue(marker));
        await Ledger.WaitForAsync(r => r.Id == marker.Id);
    }

    /// <summary>The relay id of <see cref="LedgerFlushedAsync"/>'s marker records.</summary>
    public const string MarkerRelayId = "ledger-marker";

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Default);
        _ledgerStop.Cancel();
        await _ledgerLoop.WaitAsync(TestTimeouts.Default);
        _ledgerStop.Dispose();
    }
}
