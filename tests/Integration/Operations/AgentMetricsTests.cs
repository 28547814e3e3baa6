using System.Net;

namespace RelayWeb.IntegrationTests.Operations;

/// <summary>The agent and sync families on the master (from its agent registry), after an agent's sync.</summary>
[Collection(RelayWebCollection.Name)]
public sealed class AgentMetricsTests(RelayWebFactory factory)
{
    [Fact]
    public async Task Metrics_AfterAnAgentSynced_AgentUpWithBacklogLagAndRecords()
    {
        // Arrange
        var agentId = "agent-" + Guid.NewGuid().ToString("N")[..10];
        using var admin = factory.CreateAdminClient();
        var start = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        var records = Enumerable.Range(1, 4).Select(i => new
        {
            seq = (long)i, id = Guid.CreateVersion7(), relayId = "r1", network = "tcp", source = "10.0.0.1:5000", listen = "0.0.0.0:80",
            target = "10.0.0.2:80", start, end = start.AddSeconds(2), bytesUp = 10L, bytesDown = 20L, closeReason = "client_closed",
        }).ToArray();
        var batch = new
        {
            agentId,
            records,
            heartbeat = new { version = "0.1.0", uptimeSeconds = 5, backlog = 7, oldestUnsyncedAgeSeconds = 42, region = "eu-test", syncIntervalSeconds = 60 },
        };

        // Act
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJsonAsync("/api/v1/sync", batch)).StatusCode);
        var metrics = await MetricsTests.ScrapeAsync(factory.CreateApiClient(factory.ReadOnlyToken));
        var agent = ("agent", agentId);

        // Assert
        Assert.Equal(1, metrics.Value("relay_agent_info", agent, ("region", "eu-test"), ("version", "0.1.0")));
        Assert.Equal(1, metrics.Value("relay_agent_up", agent));
        Assert.Equal(7, metrics.Value("relay_agent_sync_backlog_records", agent));
        Assert.Equal(42, metrics.Value("relay_agent_sync_lag_seconds", agent));
        Assert.Equal(4, metrics.Value("relay_agent_sync_records_received_total", agent));
        Assert.Equal(0, metrics.Value("relay_agent_disk_full", agent));
        Assert.True(metrics.Value("relay_agent_last_seen_timestamp_seconds", agent) > 1.7e9);
        Assert.True(metrics.Samples.Any(s => s.Name == "http_server_request_duration_seconds_count" && s.Labels.GetValueOrDefault("http_route", "").StartsWith("/api/v1/sync", StringComparison.Ordinal)
            && s.Labels.GetValueOrDefault("http_response_status_code") == "200"), "sync batches by status are in the HTTP histogram");
    }
}
