using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>§4.7: relays assigned on the master reach a running agent and start without a restart; unassigning stops them.</summary>
[Collection(SyncProcessCollection.Name)]
public sealed class AssignmentTests
{
    [Fact]
    public async Task RelayAssignedToRunningAgent_StartsWithoutRestart_RemovingTheAssignmentStopsIt()
    {
        // Arrange: an agent with nothing assigned yet.
        await using var cluster = await SyncCluster.StartAsync();
        await cluster.Agent.StartAsync(MasterNode.ApiToken);
        await Eventually.UntilAsync(async () => await cluster.Master.GetAgentAsync(SyncCluster.AgentId) is not null, "the agent to register itself");
        var listen = new IPEndPoint(IPAddress.Loopback, RelayBinary.FreeTcpPort());

        // Act: assign a relay, use it, then delete it.
        var relayId = await cluster.Master.CreateRelayAsync("assigned", listen.ToString(), cluster.Echo.Address, SyncCluster.AgentId);
        await cluster.WaitAgentRunsRelaysAsync(1);
        string echoed;
        await using (var client = await TcpTestClient.ConnectAsync(listen))
        {
            echoed = await client.EchoAsync("through the agent");
        }
        var onMaster = await Eventually.GetAsync(() => cluster.Master.Api.GetFromJsonAsync<RelayView>($"/api/v1/relays/{relayId}"),
            r => r!.State == "Running" && r.TotalConnections >= 1, "the master to show the relay running on the agent");
        var deleted = await cluster.Master.Api.DeleteAsync($"/api/v1/relays/{relayId}");
        await cluster.WaitAgentRunsRelaysAsync(0);
        // The log line travels through the process's stdout pipe, so it may arrive after health already shows the change.
        await Eventually.UntilAsync(() => cluster.Agent.Output.Contains($"Relay '{relayId}' removed", StringComparison.Ordinal),
            "the agent to log that the relay was removed");

        // Assert
        Assert.Equal("through the agent", echoed);
        Assert.Equal(SyncCluster.AgentId, onMaster!.AgentId);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var refused = await Assert.ThrowsAsync<SocketException>(() => TcpTestClient.ConnectAsync(listen));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.False(cluster.Agent.Process!.HasExited);
        Assert.Contains("applying without a restart", cluster.Agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MasterAway_AgentRestarted_RunsItsLastKnownAssignment()
    {
        // Arrange
        await using var cluster = await SyncCluster.StartAsync();
        var (_, listen) = await cluster.StartAgentWithRelayAsync();

        // Act: the master goes away, then the agent is killed and starts again without it.
        cluster.Master.Kill();
        cluster.Agent.Kill();
        await cluster.Agent.StartAsync(MasterNode.ApiToken);
        await cluster.WaitAgentRunsRelaysAsync(1);
        await using var client = await TcpTestClient.ConnectAsync(listen);
        var echoed = await client.EchoAsync("still relaying");

        // Assert
        Assert.Equal("still relaying", echoed);
        Assert.Contains("Running the last known assignment", cluster.Agent.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TunnelWithClientEndOnAgent_AgentGetsItsEndInTheAssignment_TrafficCrossesTheTunnel()
    {
        // Arrange: a running agent; the tunnel's server end on the master, its client end on the agent (reverse flow:
        // users connect at the master, the agent dials the echo server).
        await using var cluster = await SyncCluster.StartAsync();
        await cluster.Agent.StartAsync(MasterNode.ApiToken);
        await Eventually.UntilAsync(async () => await cluster.Master.GetAgentAsync(SyncCluster.AgentId) is not null, "the agent to register itself");
        var tunnelPort = RelayBinary.FreeTcpPort();
        var publicPort = RelayBinary.FreeTcpPort();

        // Act
        var created = await cluster.Master.Api.PostAsJsonAsync("/api/v1/tunnels", new
        {
            name = "across", flow = "reverse", tls = 1, minPool = 2,
            server = new { address = $"127.0.0.1:{tunnelPort}", targets = new[] { $"127.0.0.1:{publicPort}" } },
            client = new { agentId = SyncCluster.AgentId, address = $"127.0.0.1:{tunnelPort}", targets = new[] { cluster.Echo.Address } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tunnelId = (await created.Content.ReadFromJsonAsync<TunnelView>())!.Id;
        var connected = await cluster.WithLogsAsync(Eventually.GetAsync(() => cluster.Master.Api.GetFromJsonAsync<TunnelView>($"/api/v1/tunnels/{tunnelId}"),
            t => t!.Server.Status == "Connected" && t.Client.Status == "Connected", "the agent's client end to connect to the master's server end"));
        string echoed;
        await using (var client = await TcpTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, publicPort)))
        {
            echoed = await client.EchoAsync("master to agent through the tunnel");
        }
        // The agent's end reports its ping and pool with its heartbeat (every sync, here 1 s).
        var reported = await cluster.WithLogsAsync(Eventually.GetAsync(() => cluster.Master.Api.GetFromJsonAsync<TunnelView>($"/api/v1/tunnels/{tunnelId}"),
            t => t!.Client.PingMs is not null && t.Client.PoolIdle > 0, "the agent's end to report ping and pool", TestTimeouts.Long));
        var instance = await cluster.WithLogsAsync(Eventually.GetAsync(() => cluster.Master.Api.GetFromJsonAsync<InstanceView>($"/api/v1/instances/{tunnelId}:client"),
            i => i!.Pool > 0 && i.Tcprx > 0, "the NodePass instance of the agent's end to show its pool and traffic", TestTimeouts.Long));

        // Assert
        Assert.Equal("master to agent through the tunnel", echoed);
        Assert.Equal(SyncCluster.AgentId, connected!.Client.AgentId);
        Assert.Null(connected.Server.AgentId);
        Assert.Contains("1 tunnel end(s)", cluster.Agent.Output, StringComparison.Ordinal);
        Assert.False(cluster.Agent.Process!.HasExited);
        Assert.True(reported!.Client.PoolCapacity >= 2, $"pool capacity {reported.Client.PoolCapacity}");
        Assert.Equal("master to agent through the tunnel".Length, instance!.Tcprx); // the split counters, not just a total
    }

    private sealed record TunnelView(string Id, TunnelEndView Server, TunnelEndView Client);

    private sealed record TunnelEndView(string? AgentId, string Status, double? PingMs = null, int PoolIdle = 0, int PoolCapacity = 0);

    private sealed record InstanceView(string Id, int Ping, int Pool, long Tcprx);

    private sealed record RelayView(string Id, string? AgentId, string State, long TotalConnections);
}
