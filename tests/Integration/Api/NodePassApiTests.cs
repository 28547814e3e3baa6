using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>The NodePass master API, driven as NodePass's docs show: <c>X-API-Key</c>, <c>{"url":"server://..."}</c>, PATCH actions, SSE.</summary>
[Collection(RelayWebCollection.Name)]
public sealed class NodePassApiTests(RelayWebFactory factory)
{
    [Fact]
    public async Task Instances_CreateListStopRestartDelete_AsNodePassDocsShow()
    {
        // Arrange
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);
        var port = FreeTcpPort();

        // Act: create by URL
        var post = await client.PostJsonAsync("/api/v1/instances", new { url = $"server://127.0.0.1:{port}/127.0.0.1:9?tls=1&mode=2&max=16" });
        var created = await post.ReadJsonElementAsync();

        // Assert: 201 with NodePass's instance object; the key generated and shown in this answer only
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        foreach (var field in new[] { "id", "alias", "type", "status", "url", "restart", "mode", "ping", "pool", "tcps", "udps", "tcprx", "tcptx", "udprx", "udptx" })
        {
            Assert.True(created.TryGetProperty(field, out _), $"missing field {field}");
        }
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("server", created.GetProperty("type").GetString());
        Assert.Equal("running", created.GetProperty("status").GetString());
        Assert.Equal(2, created.GetProperty("mode").GetInt32());
        var url = created.GetProperty("url").GetString()!;
        Assert.StartsWith("server://", url);
        Assert.DoesNotContain("***", url);

        // list, and the same object as a Relay tunnel (shown in the dashboard)
        var list = await (await client.GetWithTimeoutAsync("/api/v1/instances")).ReadJsonElementAsync();
        var listed = list.EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);
        Assert.StartsWith("server://***@", listed.GetProperty("url").GetString());
        var tunnel = await (await client.GetWithTimeoutAsync($"/api/v1/tunnels/{id}")).ReadJsonAsync<TunnelDto>();
        Assert.Equal($"127.0.0.1:{port}", tunnel.Server!.Address);
        Assert.Null(tunnel.Client);

        // stop
        var stopped = await (await PatchAsync(client, id, new { action = "stop" })).ReadJsonElementAsync();
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.False((await (await client.GetWithTimeoutAsync($"/api/v1/tunnels/{id}")).ReadJsonAsync<TunnelDto>()).Enabled);

        // restart (from stopped: runs again), with an alias
        var restarted = await PatchAsync(client, id, new { action = "restart", alias = "np-" + id });
        var restartedJson = await restarted.ReadJsonElementAsync();
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.Equal("running", restartedJson.GetProperty("status").GetString());
        Assert.Equal("np-" + id, restartedJson.GetProperty("alias").GetString());

        // replace the URL
        var put = await client.PutJsonAsync($"/api/v1/instances/{id}", new { url = $"server://127.0.0.1:{port}/127.0.0.1:10?tls=0&mode=2" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains("/127.0.0.1:10?tls=0", (await put.ReadJsonElementAsync()).GetProperty("url").GetString());

        // delete
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteWithTimeoutAsync($"/api/v1/instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetWithTimeoutAsync($"/api/v1/instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetWithTimeoutAsync($"/api/v1/tunnels/{id}")).StatusCode);
    }

    [Fact]
    public async Task CreateInstance_UrlParameters_AreStoredAndComeBackInTheUrl()
    {
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);

        var created = await (await client.PostJsonAsync("/api/v1/instances", new { url = "server://k3y-for-params@127.0.0.1:0/127.0.0.1:9?tls=0&mode=2&read=30s&rate=100&proxy=1&slot=50" })).ReadJsonElementAsync();
        var id = created.GetProperty("id").GetString();
        var tunnel = await (await client.GetWithTimeoutAsync($"/api/v1/tunnels/{id}")).ReadJsonAsync<TunnelDto>();
        var listed = await (await client.GetWithTimeoutAsync($"/api/v1/instances/{id}")).ReadJsonElementAsync();

        Assert.Equal("server://k3y-for-params@127.0.0.1:0/127.0.0.1:9?tls=0&mode=2&max=1024&read=30s&rate=100&proxy=1&slot=50", created.GetProperty("url").GetString());
        Assert.Equal(30_000, tunnel.IdleTimeoutMs);
        Assert.Equal(100, tunnel.RateMbps);
        Assert.True(tunnel.ProxyProtocol);
        Assert.Equal(50, tunnel.MaxConnections);
        Assert.Equal("server://***@127.0.0.1:0/127.0.0.1:9?tls=0&mode=2&max=1024&read=30s&rate=100&proxy=1&slot=50", listed.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Instances_RelayMadeInRelay_IsListedAsSingleEndClient()
    {
        await using var echo = new LoopbackEchoServer();
        using var admin = factory.CreateAdminClient();
        var relay = await admin.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("fwd"), echo.Address);
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);

        var instance = await (await client.GetWithTimeoutAsync($"/api/v1/instances/{relay.Id}")).ReadJsonElementAsync();

        Assert.Equal("client", instance.GetProperty("type").GetString());
        Assert.Equal(1, instance.GetProperty("mode").GetInt32());
        Assert.Equal("running", instance.GetProperty("status").GetString());
        Assert.Equal($"client://127.0.0.1:0/{echo.Address}?mode=1", instance.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("""{"url":"tcp://127.0.0.1:1/127.0.0.1:2"}""", "url")]
    [InlineData("""{"url":""}""", "url")]
    [InlineData("""{"url":"server://127.0.0.1:1/127.0.0.1:2?tls=9"}""", "url")]
    [InlineData("""{"url":"client://127.0.0.1:1/127.0.0.1:2?mode=3"}""", "url")]
    [InlineData("""{"url":"server://nowhere/127.0.0.1:2"}""", "server.tunnelAddress")]
    public async Task CreateInstance_Invalid_Returns400Problem(string body, string field)
    {
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);

        var response = await client.PostAsync("/api/v1/instances", new StringContent(body, System.Text.Encoding.UTF8, "application/json")).WaitAsync(TestTimeouts.Default);
        var problem = await response.ReadJsonElementAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task PatchInstance_UnknownAction_Returns400()
    {
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);
        var id = (await (await client.PostJsonAsync("/api/v1/instances", new { url = "server://127.0.0.1:0/127.0.0.1:9" })).ReadJsonElementAsync()).GetProperty("id").GetString();

        var response = await PatchAsync(client, id!, new { action = "explode" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(client, "no-such-instance", new { action = "stop" })).StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/instances")]
    [InlineData("/api/v1/info")]
    [InlineData("/api/v1/tcping?target=127.0.0.1:9")]
    [InlineData("/api/v1/events")]
    public async Task NodePass_WrongApiKey_Returns401(string path)
    {
        using var client = factory.CreateApiClient(ApiTokenSecrets.Generate(), useApiKeyHeader: true);

        var response = await client.GetWithTimeoutAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Instances_ReadOnlyApiKey_ReadsButCannotCreate()
    {
        using var client = factory.CreateApiClient(factory.ReadOnlyToken, useApiKeyHeader: true);

        var list = await client.GetWithTimeoutAsync("/api/v1/instances");
        var create = await client.PostJsonAsync("/api/v1/instances", new { url = "server://127.0.0.1:0/127.0.0.1:9" });

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Events_WithApiKey_StreamsNodePassInitialCreateUpdateDelete()
    {
        // Arrange: one instance before the stream opens
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);
        var first = (await (await client.PostJsonAsync("/api/v1/instances", new { url = "server://127.0.0.1:0/127.0.0.1:9" })).ReadJsonElementAsync()).GetProperty("id").GetString();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var events = new NodePassSseReader(stream);
        Assert.Equal("retry: 3000", await events.ReadLineAsync());

        // Act + Assert
        var initial = await events.ReadAsync(e => e.GetProperty("type").GetString() == "initial" && IdOf(e) == first);
        Assert.Equal("server", initial.GetProperty("instance").GetProperty("type").GetString());
        Assert.True(initial.TryGetProperty("time", out _));

        var second = (await (await client.PostJsonAsync("/api/v1/instances", new { url = "server://127.0.0.1:0/127.0.0.1:9" })).ReadJsonElementAsync()).GetProperty("id").GetString();
        await events.ReadAsync(e => e.GetProperty("type").GetString() == "create" && IdOf(e) == second);

        await PatchAsync(client, second!, new { action = "stop" });
        await events.ReadAsync(e => e.GetProperty("type").GetString() == "update" && IdOf(e) == second && e.GetProperty("instance").GetProperty("status").GetString() == "stopped");

        await client.DeleteWithTimeoutAsync($"/api/v1/instances/{second}");
        await events.ReadAsync(e => e.GetProperty("type").GetString() == "delete" && IdOf(e) == second);
    }

    [Fact]
    public async Task Events_Bearer_KeepsRelaysOwnStream()
    {
        using var client = factory.CreateAdminClient();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var events = new NodePassSseReader(stream);

        Assert.Equal("retry: 5000", await events.ReadLineAsync());
        Assert.Equal(": connected", await events.ReadLineAsync());
    }

    [Fact]
    public async Task InfoAndTcping_AnswerInNodePassShape()
    {
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateApiClient(factory.ReadOnlyToken, useApiKeyHeader: true);

        var info = await (await client.GetWithTimeoutAsync("/api/v1/info")).ReadJsonElementAsync();
        var up = await (await client.GetWithTimeoutAsync($"/api/v1/tcping?target={echo.Address}")).ReadJsonElementAsync();
        var down = await (await client.GetWithTimeoutAsync($"/api/v1/tcping?target=127.0.0.1:{FreeTcpPort()}")).ReadJsonElementAsync();
        var missing = await client.GetWithTimeoutAsync("/api/v1/tcping");

        foreach (var field in new[] { "os", "arch", "cpu", "mem_total", "swap_total", "netrx", "nettx", "diskr", "diskw", "sysup", "ver", "name", "uptime" })
        {
            Assert.True(info.TryGetProperty(field, out _), $"missing field {field}");
        }
        Assert.True(info.GetProperty("mem_total").GetInt64() > 0);
        Assert.True(up.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, up.GetProperty("error").ValueKind);
        Assert.False(down.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.String, down.GetProperty("error").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    private static string? IdOf(JsonElement e) => e.GetProperty("instance").GetProperty("id").GetString();

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, object body) =>
        client.PatchAsJsonAsync($"/api/v1/instances/{id}", body).WaitAsync(TestTimeouts.Default);

    private static int FreeTcpPort() => RelayBinary.FreeTcpPort();
}
