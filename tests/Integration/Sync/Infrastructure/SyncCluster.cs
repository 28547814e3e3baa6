using System.Net;
using System.Text.Json;

namespace RelayWeb.IntegrationTests.Sync.Infrastructure;

/// <summary>
/// One master process, one agent process (not started until <see cref="StartAgentWithRelayAsync"/>), an echo server and a
/// temporary directory holding both databases, deleted on dispose.
/// </summary>
public sealed class SyncCluster : IAsyncDisposable
{
    public const string AgentId = "edge-1";

    private readonly string _directory = Directory.CreateTempSubdirectory("relay-sync-it-").FullName;

    private SyncCluster()
    {
        Master = new MasterNode(_directory);
        Agent = new AgentNode(_directory, AgentId, Master.Url);
    }

    public MasterNode Master { get; }
    public AgentNode Agent { get; }
    public LoopbackEchoServer Echo { get; } = new();

    public static async Task<SyncCluster> StartAsync()
    {
        var cluster = new SyncCluster();
        try
        {
            await cluster.Master.StartAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>
    /// Places a TCP relay (to the echo server) on the agent through the master's API, starts the agent, and waits until the
    /// agent runs it. Returns the relay's id and where it listens.
    /// </summary>
    public async Task<(string RelayId, IPEndPoint Listen)> StartAgentWithRelayAsync(string token = MasterNode.ApiToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var listen = new IPEndPoint(IPAddress.Loopback, RelayBinary.FreeTcpPort());
        var relayId = await Master.CreateRelayAsync("echo-" + Guid.NewGuid().ToString("N")[..6], listen.ToString(), Echo.Address, AgentId);
        await Agent.StartAsync(token, environment);
        await WaitAgentRunsRelaysAsync(1);
        return (relayId, listen);
    }

    /// <summary>Waits until the agent's health reports <paramref name="count"/> running relays.</summary>
    public Task WaitAgentRunsRelaysAsync(int count) =>
        WithLogsAsync(Eventually.GetAsync(Agent.HealthAsync, h => h.GetProperty("runningRelays").GetInt32() == count,
            $"agent to run {count} relay(s)", TestTimeouts.Long));

    /// <summary>Waits until the agent's own database holds <paramref name="count"/> closed records.</summary>
    public Task WaitAgentRecordsAsync(long count) =>
        WithLogsAsync(Eventually.GetAsync(() => LedgerFile.CountAsync(Agent.DatabasePath, AgentId, closedOnly: true), n => n >= count,
            $"the agent's ledger to hold {count} closed records", TestTimeouts.Long));

    /// <summary>Waits until the master's database holds <paramref name="count"/> closed records of the agent.</summary>
    public Task<long> WaitMasterRecordsAsync(long count, TimeSpan? timeout = null) =>
        WithLogsAsync(Eventually.GetAsync(() => LedgerFile.CountAsync(Master.DatabasePath, AgentId, closedOnly: true), n => n >= count,
            $"the master to hold {count} closed records of {AgentId}", timeout ?? TimeSpan.FromMinutes(2)));

    /// <summary>Awaits <paramref name="wait"/>; a timeout carries both processes' output.</summary>
    public async Task<T> WithLogsAsync<T>(Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + Logs, ex);
        }
    }

    /// <summary>
    /// The heart of every sync test: the master holds exactly the agent's records, each with the agent's exact counters
    /// and close reason, no more (no duplicates, nothing invented) and no fewer (no gaps); their totals are what the
    /// clients sent and received.
    /// </summary>
    public async Task AssertMasterMatchesAgentAsync(int expected, (long Up, long Down) traffic)
    {
        var agentRows = await LedgerFile.ReadAsync(Agent.DatabasePath, AgentId);
        var masterRows = await LedgerFile.ReadAsync(Master.DatabasePath, AgentId);
        Assert.Equal(expected, agentRows.Count);
        Assert.Equal(expected, masterRows.Count);
        var missing = agentRows.Keys.Except(masterRows.Keys).Take(5).ToList();
        Assert.True(missing.Count == 0, $"Missing on the master: {string.Join(", ", missing)}");
        var different = agentRows.Values.Where(a => masterRows[a.Id] != a).Take(5).ToList();
        Assert.True(different.Count == 0, "Differ on the master: " + string.Join("; ", different.Select(a => $"agent {a} vs master {masterRows[a.Id]}")));
        Assert.All(masterRows.Values, r => Assert.False(r.IsOpen));
        Assert.Equal(traffic.Up, masterRows.Values.Sum(r => r.BytesUp));
        Assert.Equal(traffic.Down, masterRows.Values.Sum(r => r.BytesDown));
    }

    /// <summary>Logs of both processes, for assertion messages.</summary>
    public string Logs => $"--- master ---\n{Master.Output}\n--- agent ---\n{Agent.Output}";

    public async ValueTask DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Master.DisposeAsync();
        await Echo.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a log file still being closed; the OS temp cleaner gets it
        }
    }

    internal static long GetLong(JsonElement element, string name) => element.GetProperty(name).GetInt64();
}
