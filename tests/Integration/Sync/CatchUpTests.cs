using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>§4.1: the master is down while the agent relays; once it is back, the whole backlog goes up.</summary>
[Collection(SyncProcessCollection.Name)]
public sealed class CatchUpTests
{
    private const int Connections = 5000;

    [Fact]
    public async Task MasterDownWhileAgentRelays_MasterStarts_GetsExactlyEveryRecordWithExactCounts()
    {
        // Arrange: the agent runs its relay (assigned while the master was up), then the master goes away.
        await using var cluster = await SyncCluster.StartAsync();
        var (_, relay) = await cluster.StartAgentWithRelayAsync();
        cluster.Master.Kill();

        // Act: relay N connections with no master, then start the master again on the same database.
        var traffic = await TrafficGenerator.RunAsync(relay, Connections);
        await cluster.WaitAgentRecordsAsync(Connections);
        var buffering = await cluster.Agent.HealthAsync();
        await cluster.Master.StartAsync();
        await cluster.WaitMasterRecordsAsync(Connections);
        await cluster.Agent.WaitLevelAsync(TestTimeouts.Long);

        // Assert
        Assert.Equal("Failing", buffering.GetProperty("mode").GetString());
        Assert.Equal("Unreachable", buffering.GetProperty("lastFailure").GetString());
        Assert.True(buffering.GetProperty("backlog").GetInt64() > 0, buffering.ToString());
        await cluster.AssertMasterMatchesAgentAsync(Connections, traffic);
        Assert.Contains("Cannot reach the master", cluster.Agent.Output, StringComparison.Ordinal);
    }
}
