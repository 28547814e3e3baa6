using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RelayEngine.Connections;
using RelayWeb.Api.Contracts;
using RelayWeb.Data;
using RelayWeb.IntegrationTests.Infrastructure;
using RelayWeb.Statistics;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>
/// <c>GET /api/v1/stats</c> over ledger rows written through the real sink (with its traffic intervals) for a test-unique agent, so
/// the shared database of the collection does not matter. The background roll-up job may run at any moment; every answer
/// must be exact whether a minute was rolled up or not.
/// </summary>
[Collection(RelayWebCollection.Name)]
public sealed class StatsApiTests(RelayWebFactory factory)
{
    private static readonly DateTime Day = new(2026, 1, 10, 0, 0, 0, DateTimeKind.Utc);
    private const string Range = "from=2026-01-10T00:00:00Z&to=2026-01-12T00:00:00Z";

    [Fact]
    public async Task GetStats_GroupByHostWithHourBuckets_TopHostsTotalsAndSeries()
    {
        // Arrange
        var agent = ApiClientExtensions.UniqueName("st-agent");
        await WriteAsync(
            [.. Closed(agent, Day.AddHours(1), 3, 1000, target: "db.internal:5432"),
             .. Closed(agent, Day.AddHours(2), 2, 10, target: "10.9.9.9:80"),
             .. Closed(agent, Day.AddHours(26), 1, 5, target: "db.internal:5432")]);
        using var client = factory.CreateAdminClient();

        // Act
        var stats = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&groupBy=host&bucket=hour&limit=5");
        var daily = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&bucket=day");

        // Assert
        Assert.Equal(3 * 1000 + 2 * 10 + 5, stats.Totals.BytesUp);
        Assert.Equal(2 * (3 * 1000 + 2 * 10 + 5), stats.Totals.BytesDown);
        Assert.Equal(6, stats.Totals.Connections);
        Assert.Equal(["db.internal", "10.9.9.9"], stats.Groups.Select(g => g.Key));
        Assert.Equal(3005, stats.Groups[0].Totals.BytesUp);
        Assert.Equal(30_000, stats.Groups[0].Totals.AvgDurationMs);
        Assert.Equal(
            [(Day.AddHours(1), "db.internal", 3000L), (Day.AddHours(2), "10.9.9.9", 20), (Day.AddHours(26), "db.internal", 5)],
            stats.Series.Select(p => (p.Time, p.Key!, p.Totals.BytesUp)));
        Assert.Equal([(Day, 3020L), (Day.AddDays(1), 5)], daily.Series.Select(p => (p.Time, p.Totals.BytesUp)));
    }

    [Fact]
    public async Task GetStats_TrackerSeedParameterNames_SameAnswerAsOurs()
    {
        // Arrange
        var agent = ApiClientExtensions.UniqueName("st-seed");
        await WriteAsync([.. Closed(agent, Day.AddHours(3), 4, 100, target: "a.example:443"), .. Closed(agent, Day.AddHours(4), 1, 9999, target: "b.example:443")]);
        using var client = factory.CreateAdminClient();

        // Act
        var ours = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&groupBy=host&bucket=day&sortBy=connections&order=desc&limit=1");
        var seed = await GetAsync(client,
            $"/api/v1/stats?from={ToUnix(Day)}&to={ToUnix(Day.AddDays(2))}&agent_id={agent}&type=group&group_by=host&interval=day&metric=connections&sort_order=desc&limit=1");

        // Assert
        Assert.Equal("a.example", Assert.Single(ours.Groups).Key);
        Assert.Equal(JsonSerializer.Serialize(ours.Groups), JsonSerializer.Serialize(seed.Groups));
        Assert.Equal(JsonSerializer.Serialize(ours.Series), JsonSerializer.Serialize(seed.Series));
        Assert.Equal(ours.Totals, seed.Totals);
    }

    [Fact]
    public async Task GetStats_Filters_OnlyMatchingTraffic()
    {
        // Arrange
        var agent = ApiClientExtensions.UniqueName("st-filter");
        await WriteAsync(
            [.. Closed(agent, Day.AddHours(5), 2, 100, relay: "web", source: "192.168.1.7"),
             .. Closed(agent, Day.AddHours(5), 3, 10, relay: "dns", network: "udp", source: "192.168.1.8")]);
        using var client = factory.CreateAdminClient();

        // Act
        var web = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&relay=web");
        var udp = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&network=udp&groupBy=source");
        var source = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&source=192.168.1.7");
        var wildcard = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&destination=127.0.0.*");
        var none = await GetAsync(client, $"/api/v1/stats?{Range}&agent={agent}&rule=MATCH");

        // Assert
        Assert.Equal((200L, 2L), (web.Totals.BytesUp, web.Totals.Connections));
        Assert.Equal(30, udp.Totals.BytesUp);
        Assert.Equal("192.168.1.8", Assert.Single(udp.Groups).Key);
        Assert.Equal(200, source.Totals.BytesUp);
        Assert.Equal(230, wildcard.Totals.BytesUp);
        Assert.Equal(0, none.Totals.BytesUp);
    }

    [Fact]
    public async Task GetStats_LedgerTailAndRollups_ExactTotalsBeforeAndAfterRollingUp()
    {
        // Arrange: some traffic rolled up, more in the same hour not yet.
        var agent = ApiClientExtensions.UniqueName("st-tail");
        var rollups = factory.Services.GetRequiredService<StatsRollupService>();
        await WriteAsync([.. Closed(agent, Day.AddHours(7), 3, 1000)]);
        await rollups.RollUpAsync(null, CancellationToken.None);
        await WriteAsync([.. Closed(agent, Day.AddHours(7).AddMinutes(20), 2, 7)]);
        using var client = factory.CreateAdminClient();
        var url = $"/api/v1/stats?{Range}&agent={agent}&groupBy=relay&bucket=hour";

        // Act
        var before = await GetAsync(client, url);
        await rollups.RollUpAsync(null, CancellationToken.None);
        var after = await GetAsync(client, url);

        // Assert
        Assert.Equal(3 * 1000 + 2 * 7, before.Totals.BytesUp);
        Assert.Equal(5, before.Totals.Connections);
        Assert.Equal(before.Totals, after.Totals);
        Assert.Equal(JsonSerializer.Serialize(before.Series), JsonSerializer.Serialize(after.Series));
        Assert.Equal(0, after.Sources.LedgerMinutes);
        Assert.True(after.Sources.DayMinutes + after.Sources.HourMinutes > 0);
    }

    [Theory]
    [InlineData("groupBy=planet", "groupBy")]
    [InlineData("group_by=geoip", "groupBy")]
    [InlineData("geoip=CN", "geoip")]
    [InlineData("bucket=fortnight", "bucket")]
    [InlineData("interval=minute&range=90d", "bucket")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-01-12T00:00:00Z&to=2026-01-10T00:00:00Z", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("metric=speed", "sortBy")]
    [InlineData("order=sideways", "order")]
    [InlineData("type=group", "groupBy")]
    [InlineData("range=forever", "range")]
    public async Task GetStats_BadParameter_400ProblemNamingIt(string query, string field)
    {
        using var client = factory.CreateAdminClient();

        var response = await client.GetWithTimeoutAsync("/api/v1/stats?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonElementAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task OpenApi_DescribesStatsWithSeedAliases()
    {
        using var client = factory.CreateApiClient(null);

        var document = await (await client.GetWithTimeoutAsync("/openapi/v1.json")).ReadJsonElementAsync();

        var parameters = document.GetProperty("paths").GetProperty("/api/v1/stats").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("groupBy", parameters);
        Assert.Contains("group_by", parameters);
        Assert.Contains("interval", parameters);
        Assert.Contains("agent_id", parameters);
    }

    private async Task WriteAsync(ConnectionSnapshot[] batch) =>
        await factory.Services.GetRequiredService<DbLedgerSink>().WriteAsync(batch, CancellationToken.None).WaitAsync(TestTimeouts.Default);

    private static async Task<StatsDto> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetWithTimeoutAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync<StatsDto>();
    }

    private static long ToUnix(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalSeconds;

    private static IEnumerable<ConnectionSnapshot> Closed(string agent, DateTime start, int count, long bytes, string target = "127.0.0.1:8080",
        string relay = "web", string network = "tcp", string? source = null) =>
        Enumerable.Range(0, count).Select(i => new ConnectionSnapshot
        {
            Id = Guid.NewGuid(),
            AgentId = agent,
            RelayId = relay,
            Network = network,
            Source = $"{source ?? "10.0.0." + (i + 1)}:{40000 + i}",
            Listen = "0.0.0.0:80",
            Target = target,
            StartUtc = start,
            EndUtc = start.AddSeconds(30),
            CloseReason = CloseReason.ClientClosed,
            BytesUp = bytes,
            BytesDown = bytes * 2,
        });
}
