using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Mihomo;
using RelayEngine.Model;
using RelayEngine.Transport;
using RelayWeb.UnitTests.Engine.Infrastructure;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine.Mihomo;

/// <summary>
/// A <see cref="MihomoConnectionTracker"/> wired to real engine pieces on fake time: registry, event hub, the Mihomo
/// pseudo-relay in <see cref="ExternalRelayStates"/>, the config manager and the 1-second <see cref="StatsSampler"/> (called
/// by hand), and a ledger writer on real time into a <see cref="RecordingLedgerSink"/>.
/// </summary>
internal sealed class MihomoTrackerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _ledgerStop = new();
    private readonly Task _ledgerLoop;

    public MihomoTrackerHarness()
    {
        var options = Options.Create(new RelayEngineOptions { LedgerFlushInterval = TimeSpan.FromMilliseconds(5) });
        Hub = new EngineEventHub(Time, NullLogger<EngineEventHub>.Instance, options);
        Writer = new LedgerWriter(Ledger, TimeProvider.System, NullLogger<LedgerWriter>.Instance, options);
        Registry = new ConnectionRegistry(Hub, Writer, Time, options);
        Hub.Connections = Registry;
        Relay = new RelayState(new RelayConfig { RelayId = "mihomo", Name = "Mihomo", Protocol = RelayProtocol.Tcp, Listen = "127.0.0.1:9090", Targets = [] }) { IsExternal = true };
        External.Add(Relay);
        History = new TrafficHistory(options);
        Manager = new EngineConfigManager(new InMemoryEngineConfigProvider(), new EngineConfigValidator(),
            new RelayListenerFactory(Registry, Time, NullLoggerFactory.Instance, options), Hub, History, Time,
            NullLogger<EngineConfigManager>.Instance, options, External);
        Sampler = new StatsSampler(Manager, Registry, History, Hub, Time, options);
        Tracker = new MihomoConnectionTracker(Registry, Relay, Time, NullLogger.Instance, CloseRequests.Enqueue);
        Sampler.Sample(); // the sampler's first look at a relay is its baseline
        _ledgerLoop = Writer.RunAsync(_ledgerStop.Token, CancellationToken.None);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
    public RecordingLedgerSink Ledger { get; } = new();
    public EngineEventHub Hub { get; }
    public LedgerWriter Writer { get; }
    public ConnectionRegistry Registry { get; }
    public ExternalRelayStates External { get; } = new();
    public RelayState Relay { get; }
    public TrafficHistory History { get; }
    public EngineConfigManager Manager { get; }
    public StatsSampler Sampler { get; }
    public MihomoConnectionTracker Tracker { get; }
    public ConcurrentQueue<TrackedMihomoConnection> CloseRequests { get; } = new();

    /// <summary>One second passes and the sampler takes its point: the Mihomo pseudo-relay's traffic in that second.</summary>
    public TrafficPoint NextSecond()
    {
        Time.Advance(TimeSpan.FromSeconds(1));
        Sampler.Sample();
        return History.GetHistory("mihomo")[^1];
    }

    public static MihomoSnapshot Snapshot(params MihomoConnection[] connections) => new() { Connections = [.. connections] };

    public static MihomoConnection Connection(string id, long upload = 0, long download = 0, string host = "example.com") => new()
    {
        Id = id,
        Upload = upload,
        Download = download,
        Start = "2026-11-22T17:59:30.123456789+08:00",
        Chains = ["HK-01", "Proxy"],
        Rule = "DomainSuffix",
        RulePayload = "example.com",
        Metadata = new MihomoConnectionMetadata
        {
            Network = "tcp",
            Type = "Socks5",
            SourceIp = "192.168.1.20",
            SourcePort = 51000,
            DestinationIp = "93.184.216.34",
            DestinationPort = 443,
            InboundIp = "127.0.0.1",
            InboundPort = 7890,
            InboundName = "DEFAULT-MIXED",
            Host = host,
            Process = "curl",
            ProcessPath = "/usr/bin/curl",
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _ledgerStop.CancelAsync();
        await _ledgerLoop.WaitAsync(TestTimeouts.Default);
    }
}
