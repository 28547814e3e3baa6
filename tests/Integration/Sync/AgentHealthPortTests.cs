using System.Net;
using System.Net.Sockets;
using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>The agent's health port is optional: when it cannot be had, the agent says so and goes on relaying and syncing.</summary>
[Collection(SyncProcessCollection.Name)]
public sealed class AgentHealthPortTests
{
    [Fact]
    public async Task HealthPortInUse_AgentLogsIt_AndStillRelaysAndSyncs()
    {
        // Arrange: somebody else holds the agent's health port
        await using var cluster = await SyncCluster.StartAsync();
        using var squatter = new TcpListener(IPAddress.Loopback, cluster.Agent.HealthPort);
        squatter.Start();
        var listen = new IPEndPoint(IPAddress.Loopback, RelayBinary.FreeTcpPort());
        await cluster.Master.CreateRelayAsync("echo-health", listen.ToString(), cluster.Echo.Address, SyncCluster.AgentId);

        // Act
        await cluster.Agent.StartAsync(MasterNode.ApiToken);
        await cluster.WithLogsAsync(Eventually.GetAsync(async () =>
        {
            try
            {
                await using var client = await TcpTestClient.ConnectAsync(listen);
                return await client.EchoAsync("hi");
            }
            catch (SocketException)
            {
                return null; // the assignment has not arrived yet
            }
        }, reply => reply == "hi", "the agent to relay", TestTimeouts.Long));
        await cluster.WaitMasterRecordsAsync(1);

        // Assert
        Assert.Contains("The health endpoint cannot listen on 127.0.0.1:" + cluster.Agent.HealthPort, cluster.Agent.Output, StringComparison.Ordinal);
        Assert.False(cluster.Agent.Process!.HasExited);
    }
}
