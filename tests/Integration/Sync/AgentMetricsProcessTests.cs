using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary><c>relay agent</c> serves its Prometheus families on its health port, and the master shows it up.</summary>
[Collection(SyncProcessCollection.Name)]
public sealed class AgentMetricsProcessTests
{
    [Fact]
    public async Task AgentMetrics_OnTheHealthPort_EngineSyncAndProcessFamilies_AndTheMasterSeesItUp()
    {
        // Arrange
        await using var cluster = await SyncCluster.StartAsync();
        var (relayId, listen) = await cluster.StartAgentWithRelayAsync();
        await using (var client = await TcpTestClient.ConnectAsync(listen))
        {
            Assert.Equal("hi", await client.EchoAsync("hi"));
        }
        await cluster.Agent.WaitLevelAsync(TestTimeouts.Long);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Agent.HealthPort}") };

        // Act
        var agent = await Eventually.GetAsync(async () => PrometheusText.Parse(await http.GetStringAsync("/metrics")),
            m => m.Value("relay_connections_accepted_total", ("forward", relayId)) == 1 && m.Value("relay_agent_sync_records_sent_total") >= 1
                && m.Value("relay_agent_sync_mode", ("mode", "Level")) == 1 && m.Value("relay_agent_sync_backlog_records") == 0,
            "the agent's metrics to show the connection, synced and level", TestTimeouts.Long);
        // The master learns the backlog from the agent's next heartbeat (one sync interval later).
        var master = await Eventually.GetAsync(async () => PrometheusText.Parse(await cluster.Master.Api.GetStringAsync("/metrics")),
            m => m.Value("relay_agent_sync_backlog_records", ("agent", SyncCluster.AgentId)) == 0, "the master to see the agent level");

        // Assert
        Assert.Equal(0, agent.Value("relay_agent_sync_mode", ("mode", "Failing")));
        Assert.Equal(1, agent.Value("relay_forward_up", ("forward", relayId)));
        Assert.True(agent.Families.ContainsKey("process_resident_memory_bytes"));
        Assert.Equal(1, master.Value("relay_agent_up", ("agent", SyncCluster.AgentId)));
        Assert.Equal(0, master.Value("relay_agent_sync_backlog_records", ("agent", SyncCluster.AgentId)));
    }
}
