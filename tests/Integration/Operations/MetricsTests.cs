using System.Net;
using RelayWeb.Api.Contracts;

namespace RelayWeb.IntegrationTests.Operations;

/// <summary><c>/metrics</c> parsed strictly: names, HELP/TYPE lines, the catalogue's families, and counters that move with traffic.</summary>
[Collection(RelayWebCollection.Name)]
public sealed class MetricsTests(RelayWebFactory factory)
{
    private static readonly string[] s_required =
    [
        "relay_build_info", "relay_forward_info", "relay_forward_up", "relay_forward_state", "relay_connections_active",
        "relay_connections_accepted_total", "relay_connections_closed_total", "relay_rejected_connections_total",
        "relay_upstream_connect_errors_total", "relay_received_bytes_total", "relay_sent_bytes_total",
        "relay_ledger_records_written_total", "relay_ledger_records_pending", "relay_ledger_records_dropped_total", "relay_ledger_write_failures_total",
        "relay_scheduler_up", "relay_job_paused", "relay_job_failing", "relay_backups",
        "process_start_time_seconds", "relay_uptime_seconds", "process_cpu_seconds_total", "process_resident_memory_bytes",
        "dotnet_gc_collections_total", "http_server_request_duration_seconds", "http_server_active_requests",
    ];

    [Fact]
    public async Task Metrics_AnonymousOnLoopback_ValidExpositionWithTheCatalogue()
    {
        // Arrange: one relay exists and one request has been served, so every per-relay and HTTP family has samples.
        using var admin = factory.CreateAdminClient();
        await using var echo = new LoopbackEchoServer();
        await admin.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("metrics-catalogue"), echo.Address);
        using var anonymous = factory.CreateApiClient(token: null);

        // Act
        var response = await anonymous.GetWithTimeoutAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        var metrics = PrometheusText.Parse(body);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        foreach (var name in s_required)
        {
            Assert.True(metrics.Families.ContainsKey(name), $"missing family {name}");
            Assert.NotEmpty(metrics.Families[name].Help);
        }
        foreach (var family in metrics.Families.Values)
        {
            if (family.Type == "counter") Assert.EndsWith("_total", family.Name);
            else Assert.False(family.Name.EndsWith("_total", StringComparison.Ordinal), $"{family.Name} is a {family.Type} named like a counter");
        }
        Assert.Equal("histogram", metrics.Families["http_server_request_duration_seconds"].Type);
        Assert.Equal(1, metrics.Value("relay_scheduler_up"));
    }

    [Fact]
    public async Task Metrics_AfterTraffic_CountersMoveAndNeverGoBack()
    {
        // Arrange
        using var admin = factory.CreateAdminClient();
        using var scraper = factory.CreateApiClient(factory.ReadOnlyToken);
        await using var echo = new LoopbackEchoServer();
        var relay = await admin.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("metrics-traffic"), echo.Address);
        var before = await ScrapeAsync(scraper);
        var forward = ("forward", relay.Id);

        // Act: two connections through the relay, 5 bytes each way per connection.
        var sources = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await using var client = await TcpTestClient.ConnectAsync(relay.BoundEndpoint!);
            sources.Add(client.LocalEndPoint.ToString());
            Assert.Equal("hello", await client.EchoAsync("hello"));
        }
        var after = await Eventually.GetAsync(() => ScrapeAsync(scraper),
            m => m.Value("relay_connections_closed_total", forward) == 2 && m.Value("relay_connections_active", forward) == 0
                && m.Value("relay_ledger_records_written_total") > before.Value("relay_ledger_records_written_total"),
            "both connections counted as closed and written to the ledger");

        // Assert
        Assert.Equal(1, after.Value("relay_forward_up", forward));
        Assert.Equal(1, after.Value("relay_forward_state", forward, ("state", "Running")));
        Assert.Equal(2, after.Value("relay_connections_accepted_total", forward));
        Assert.Equal(10, after.Value("relay_received_bytes_total", forward));
        Assert.Equal(10, after.Value("relay_sent_bytes_total", forward));
        Assert.Equal(2, after.Samples.Where(s => s.Name == "relay_connections_closed_total" && s.Labels["forward"] == relay.Id).Sum(s => s.Value));
        Assert.True(after.Samples.Where(s => s.Name == "http_server_request_duration_seconds_count").Sum(s => s.Value)
            > before.Samples.Where(s => s.Name == "http_server_request_duration_seconds_count").Sum(s => s.Value));
        // Counters only go up: every counter sample present in both scrapes is at least what it was.
        var counters = after.Families.Values.Where(f => f.Type is "counter" or "histogram").Select(f => f.Name).ToHashSet();
        var earlier = before.Samples.ToDictionary(s => s.Key, s => s.Value);
        foreach (var sample in after.Samples.Where(s => counters.Contains(s.Name) || counters.Any(c => s.Name.StartsWith(c + "_", StringComparison.Ordinal))))
        {
            if (earlier.TryGetValue(sample.Key, out var old)) Assert.True(sample.Value >= old, $"{sample.Key} went down from {old} to {sample.Value}");
        }
        // No source addresses or connection ids as labels.
        Assert.DoesNotContain(after.Samples.SelectMany(s => s.Labels.Keys), k => k is "source" or "client" or "connection" or "connection_id" or "remote_address");
        Assert.DoesNotContain(after.Samples.SelectMany(s => s.Labels.Values), v => sources.Contains(v));
    }

    [Fact]
    public async Task Metrics_RelayStopped_UpDropsToZeroAndStateSaysStopped()
    {
        // Arrange
        using var admin = factory.CreateAdminClient();
        await using var echo = new LoopbackEchoServer();
        var relay = await admin.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("metrics-stop"), echo.Address);

        // Act
        Assert.Equal(HttpStatusCode.OK, (await admin.PostEmptyAsync($"/api/v1/relays/{relay.Id}/stop")).StatusCode);
        var metrics = await ScrapeAsync(factory.CreateApiClient(factory.ReadOnlyToken));

        // Assert
        Assert.Equal(0, metrics.Value("relay_forward_up", ("forward", relay.Id)));
        Assert.Equal(1, metrics.Value("relay_forward_state", ("forward", relay.Id), ("state", "Stopped")));
    }

    internal static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetWithTimeoutAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/metrics answered {(int)response.StatusCode}: {body}");
        return PrometheusText.Parse(body);
    }
}
