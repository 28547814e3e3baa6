using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>
/// §4.2 and §4.3: a process killed with SIGKILL while a backlog goes up (the agent between sending a batch and writing its
/// cursor, or the master inside a batch's transaction) loses nothing and duplicates nothing. Catch-up is slowed down (100
/// records per batch, 1,500 per second) so the kills land in the middle of it; each test kills twice at different points.
/// </summary>
[Collection(SyncProcessCollection.Name)]
public sealed class CrashTests
{
    private const int Connections = 5000;

    private static readonly Dictionary<string, string> s_slowCatchUp = new()
    {
        ["Relay__Agent__BatchSize"] = "100",
        ["Relay__Agent__CatchUpRecordsPerSecond"] = "1500",
    };

    [Fact]
    public async Task AgentKilledDuringCatchUp_Restarted_MasterHasEveryRecordExactlyOnce()
    {
        // Arrange: a backlog of N records built while the master was away.
        await using var cluster = await SyncCluster.StartAsync();
        var (_, relay) = await cluster.StartAgentWithRelayAsync(environment: s_slowCatchUp);
        cluster.Master.Kill();
        var traffic = await TrafficGenerator.RunAsync(relay, Connections);
        await cluster.WaitAgentRecordsAsync(Connections);

        // Act: the master returns; kill the agent twice while it catches up, restarting it each time.
        await cluster.Master.StartAsync();
        var killedAt = new List<long>();
        foreach (var progress in new[] { Connections / 5, Connections / 2 })
        {
            killedAt.Add(await cluster.WaitMasterRecordsAsync(progress));
            cluster.Agent.Kill();
            await cluster.Agent.StartAsync(MasterNode.ApiToken, s_slowCatchUp);
        }
        await cluster.WaitMasterRecordsAsync(Connections);
        await cluster.Agent.WaitLevelAsync(TestTimeouts.Long);

        // Assert
        Assert.All(killedAt, n => Assert.InRange(n, 1, Connections - 1));
        await cluster.AssertMasterMatchesAgentAsync(Connections, traffic);
    }

    [Fact]
    public async Task MasterKilledDuringCatchUp_Restarted_MasterHasEveryRecordExactlyOnce()
    {
        // Arrange
        await using var cluster = await SyncCluster.StartAsync();
        var (_, relay) = await cluster.StartAgentWithRelayAsync(environment: s_slowCatchUp);
        cluster.Master.Kill();
        var traffic = await TrafficGenerator.RunAsync(relay, Connections);
        await cluster.WaitAgentRecordsAsync(Connections);

        // Act: kill the master twice while batches are arriving, restarting it each time on the same database.
        await cluster.Master.StartAsync();
        var killedAt = new List<long>();
        foreach (var progress in new[] { Connections / 5, Connections / 2 })
        {
            killedAt.Add(await cluster.WaitMasterRecordsAsync(progress));
            cluster.Master.Kill();
            await cluster.Master.StartAsync();
        }
        await cluster.WaitMasterRecordsAsync(Connections);
        await cluster.Agent.WaitLevelAsync(TestTimeouts.Long);

        // Assert
        Assert.All(killedAt, n => Assert.InRange(n, 1, Connections - 1));
        await cluster.AssertMasterMatchesAgentAsync(Connections, traffic);
    }
}
