using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayWeb.AgentSync;
using RelayWeb.Api;
using RelayWeb.Data;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.AgentSync;

/// <summary>
/// An <see cref="AgentSyncService"/> over a real SQLite ledger (<see cref="TestDatabase"/>) and a <see cref="FakeMasterClient"/>;
/// tests write ledger records with <see cref="WriteAsync"/> and run sync rounds directly, no timers involved.
/// </summary>
internal sealed class AgentSyncHarness : IAsyncDisposable
{
    public const string AgentId = "edge-1";

    private AgentSyncHarness(TestDatabase database, FakeMasterClient master, AgentOptions options)
    {
        Database = database;
        Master = master;
        Options = options;
        Outbox = new SyncOutbox(database.DbFactory, database.Services.GetRequiredService<LedgerWriteGate>(), database.Time);
        State = new AgentSyncState();
        var engine = Microsoft.Extensions.Options.Options.Create(new RelayEngineOptions { AgentId = AgentId });
        Assignment = new AssignmentEngineConfigProvider(Outbox, engine, NullLogger<AssignmentEngineConfigProvider>.Instance);
        var heartbeat = new AgentHeartbeatBuilder(new ServerInfo(database.Time), new NoRelays(), new NoTunnels(), new NoLedgerStatistics(), State, Microsoft.Extensions.Options.Options.Create(options));
        Service = new AgentSyncService(Outbox, master, Assignment, State, heartbeat, database.Time, Microsoft.Extensions.Options.Options.Create(options), engine,
            NullLogger<AgentSyncService>.Instance);
    }

    public TestDatabase Database { get; }
    public FakeMasterClient Master { get; }
    public AgentOptions Options { get; }
    public SyncOutbox Outbox { get; }
    public AgentSyncState State { get; }
    public AssignmentEngineConfigProvider Assignment { get; }
    public AgentSyncService Service { get; }

    /// <param name="batchSize">Records per request.</param>
    /// <param name="rate">Catch-up records per second; high by default, so rounds never wait in these tests.</param>
    public static async Task<AgentSyncHarness> CreateAsync(int batchSize = 100, int rate = int.MaxValue)
    {
        var database = await TestDatabase.CreateAsync();
        return new AgentSyncHarness(database, new FakeMasterClient(), new AgentOptions { BatchSize = batchSize, CatchUpRecordsPerSecond = rate });
    }

    /// <summary>Writes records through the real ledger sink, which stamps their sequence numbers.</summary>
    public Task WriteAsync(params ConnectionSnapshot[] records) =>
        Database.Services.GetRequiredService<DbLedgerSink>().WriteAsync(records, CancellationToken.None);

    /// <summary><paramref name="count"/> closed records of the agent, bytes up 1..count.</summary>
    public static ConnectionSnapshot[] Closed(int count) =>
        [.. Enumerable.Range(1, count).Select(i => LedgerSnapshots.Closed(LedgerSnapshots.Open(agentId: AgentId, bytesUp: i), TimeSpan.FromSeconds(1)))];

    public Task RoundAsync() => Service.SyncRoundAsync(recovering: false, CancellationToken.None);

    public Task<long> CursorAsync() => Outbox.LoadCursorAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Service.Dispose();
        await Database.DisposeAsync();
    }

    private sealed class NoRelays : IRelayStateLookup
    {
        public IReadOnlyList<RelaySnapshot> GetRelays() => [];

        public bool TryGetRelay(string relayId, out RelaySnapshot snapshot)
        {
            snapshot = null!;
            return false;
        }
    }

    private sealed class NoTunnels : RelayEngine.Tunnels.ITunnelStateLookup
    {
        public IReadOnlyList<RelayEngine.Tunnels.TunnelSnapshot> GetTunnels() => [];

        public bool TryGetTunnel(string tunnelId, out RelayEngine.Tunnels.TunnelSnapshot snapshot)
        {
            snapshot = null!;
            return false;
        }
    }

    private sealed class NoLedgerStatistics : ILedgerStatistics
    {
        public LedgerStatistics GetStatistics() => new(0, 0, 0, 0, null, null);
    }
}
