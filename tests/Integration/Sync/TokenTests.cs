using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>
/// §4.4: with a wrong or revoked token the agent says so clearly (log and health), keeps relaying and buffering, and
/// catches up once it has a valid token.
/// </summary>
[Collection(SyncProcessCollection.Name)]
public sealed class TokenTests
{
    private const int Connections = 300;

    [Fact]
    public async Task TokenRevoked_AgentReportsRejectionAndBuffers_CatchesUpWithANewToken()
    {
        // Arrange: the agent syncs with an agent-scoped token bound to it.
        await using var cluster = await SyncCluster.StartAsync();
        var (tokenId, secret) = await cluster.Master.CreateAgentTokenAsync("edge-1-token", SyncCluster.AgentId);
        var (_, relay) = await cluster.StartAgentWithRelayAsync(secret);

        // Act: revoke the token, relay, then restart the agent with a new token.
        var revoked = await cluster.Master.Api.DeleteAsync($"/api/v1/tokens/{tokenId}");
        var traffic = await TrafficGenerator.RunAsync(relay, Connections, concurrency: 16);
        await cluster.WaitAgentRecordsAsync(Connections);
        var rejected = await cluster.WithLogsAsync(Eventually.GetAsync(cluster.Agent.HealthAsync,
            h => h.GetProperty("lastFailure").GetString() == "Rejected" && h.GetProperty("backlog").GetInt64() >= Connections,
            "the agent to report the rejected token with its backlog", TestTimeouts.Long));
        var onMasterWhileRejected = await LedgerFile.CountAsync(cluster.Master.DatabasePath, SyncCluster.AgentId);
        var (_, newSecret) = await cluster.Master.CreateAgentTokenAsync("edge-1-token-2", SyncCluster.AgentId);
        cluster.Agent.Kill();
        await cluster.Agent.StartAsync(newSecret);
        await cluster.WaitMasterRecordsAsync(Connections);
        await cluster.Agent.WaitLevelAsync(TestTimeouts.Long);

        // Assert
        Assert.True(revoked.IsSuccessStatusCode);
        Assert.Equal("error", rejected.GetProperty("status").GetString());
        Assert.Contains("rejected the token", rejected.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, onMasterWhileRejected);
        Assert.Contains("rejected the token", cluster.Agent.Output, StringComparison.Ordinal);
        await cluster.AssertMasterMatchesAgentAsync(Connections, traffic);
    }

    [Fact]
    public async Task WrongToken_AgentRunsLastAssignmentAndBuffers_CatchesUpWhenTheTokenIsFixed()
    {
        // Arrange: an agent that once synced (so it has its relay), restarted with a wrong token.
        await using var cluster = await SyncCluster.StartAsync();
        var (_, relay) = await cluster.StartAgentWithRelayAsync();
        cluster.Agent.Kill();
        await cluster.Agent.StartAsync("not-the-token");
        await cluster.WaitAgentRunsRelaysAsync(1);

        // Act
        var traffic = await TrafficGenerator.RunAsync(relay, Connections, concurrency: 16);
        await cluster.WaitAgentRecordsAsync(Connections);
        var rejected = await cluster.WithLogsAsync(Eventually.GetAsync(cluster.Agent.HealthAsync,
            h => h.GetProperty("lastFailure").GetString() == "Rejected" && h.GetProperty("backlog").GetInt64() >= Connections,
            "the agent to report the wrong token", TestTimeouts.Long));
        cluster.Agent.Kill();
        await cluster.Agent.StartAsync(MasterNode.ApiToken);
        await cluster.WaitMasterRecordsAsync(Connections);

        // Assert
        Assert.Equal("error", rejected.GetProperty("status").GetString());
        Assert.Contains("401", rejected.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        await cluster.AssertMasterMatchesAgentAsync(Connections, traffic);
    }
}
