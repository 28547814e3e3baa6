using System.Net;
using System.Text.Json;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

[Collection(RelayWebCollection.Name)]
public sealed class OpenApiAndHealthTests(RelayWebFactory factory)
{
    [Fact]
    public async Task OpenApi_WithoutLogin_DescribesTheApi()
    {
        using var client = factory.CreateApiClient(token: null);

        var response = await client.GetWithTimeoutAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var path in new[] { "/api/v1/relays", "/api/v1/relays/{id}", "/api/v1/relays/{id}/restart", "/api/v1/connections", "/api/v1/connections/{id}", "/api/v1/connections/export.csv", "/api/v1/tokens", "/api/v1/events", "/api/v1/health" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }
        Assert.Equal("List relays", paths.GetProperty("/api/v1/relays").GetProperty("get").GetProperty("summary").GetString());
        Assert.DoesNotContain(factory.AdminToken, text);
    }

    [Fact]
    public async Task SwaggerUi_WithoutLogin_ServesHtml()
    {
        using var client = factory.CreateClient();

        var response = await client.GetWithTimeoutAsync("/swagger"); // redirects to /swagger/index.html
        var html = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger", html, StringComparison.OrdinalIgnoreCase);
        var script = await (await client.GetWithTimeoutAsync("/swagger/index.js")).Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        Assert.Contains("/openapi/v1.json", html + script); // the UI is pointed at our document
    }

    [Fact]
    public async Task Health_WithoutToken_ReturnsOkVersionUptime()
    {
        using var client = factory.CreateApiClient(token: null);

        var response = await client.GetWithTimeoutAsync("/api/v1/health");
        var json = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
        Assert.True(json.GetProperty("uptimeSeconds").GetInt64() >= 0);
    }

    [Fact]
    public async Task HealthReady_WithoutToken_ReportsEachCheck()
    {
        using var client = factory.CreateApiClient(token: null);

        var live = await client.GetWithTimeoutAsync("/health/live");
        var ready = await client.GetWithTimeoutAsync("/health/ready");
        var json = await ready.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        var names = json.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["database", "engine", "ledger", "scheduler", "backups"], names);
    }
}
