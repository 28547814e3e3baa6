using RelayWeb.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using RelayWeb.Api.Contracts;
using RelayWeb.IntegrationTests.Engine.Infrastructure;
using RelayWeb.IntegrationTests.Tunnels.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>
/// NodePass instances beyond create/list/stop: single-end forwarding (<c>client://...?mode=1</c>), the <c>restart</c>
/// policy as given, and the <c>reset</c> action.
/// </summary>
[Collection(RelayWebCollection.Name)]
public sealed class NodePassInstanceTests(RelayWebFactory factory)
{
    [Fact]
    public async Task CreateInstance_ClientModeOne_IsATcpAndUdpForwardThatCarriesAndCountsBoth()
    {
        // Arrange: a TCP and a UDP echo on one address, the single-end target
        await using var echo = await TcpUdpEcho.StartAsync();
        var (udpEcho, tcpEcho) = (echo.Udp, echo.Tcp);
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);
        using var admin = factory.CreateAdminClient();
        var port = FreePort();
        var alias = ApiClientExtensions.UniqueName("np-fwd");

        // Act
        var post = await client.PostJsonAsync("/api/v1/instances", new { url = $"client://127.0.0.1:{port}/{udpEcho.Address}?mode=1", alias });
        var created = await post.ReadJsonElementAsync();
        var id = created.GetProperty("id").GetString()!;
        using var tcp = await SocketTestExtensions.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await tcp.SendAllAsync("ping"u8.ToArray());
        var tcpReply = await tcp.ReadExactlyAsync(4);
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var udpReply = await UdpEcho.RoundTripAsync(udp, new IPEndPoint(IPAddress.Loopback, port), "hello"u8.ToArray());
        var counted = await Eventually.GetAsync(() => GetAsync(client, id),
            i => i.GetProperty("tcprx").GetInt64() >= 4 && i.GetProperty("udprx").GetInt64() >= 5 && i.GetProperty("tcps").GetInt32() == 1,
            "the instance to count both halves");

        // Assert: a NodePass single-end client...
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Assert.Equal("client", created.GetProperty("type").GetString());
        Assert.Equal(1, created.GetProperty("mode").GetInt32());
        Assert.Equal("running", created.GetProperty("status").GetString());
        Assert.Equal(alias, created.GetProperty("alias").GetString());
        Assert.Equal($"client://127.0.0.1:{port}/{udpEcho.Address}?mode=1", created.GetProperty("url").GetString());
        Assert.Equal("ping"u8.ToArray(), tcpReply);
        Assert.Equal("hello"u8.ToArray(), udpReply);
        Assert.Equal(1, tcpEcho.AcceptedCount);
        Assert.True(counted.GetProperty("tcptx").GetInt64() >= 4 && counted.GetProperty("udptx").GetInt64() >= 5, counted.ToString());
        // ...made of two relays on the Relays page, listed as one instance
        var relays = await (await admin.GetWithTimeoutAsync("/api/v1/relays")).ReadJsonAsync<List<RelayDto>>();
        var tcpRelay = Assert.Single(relays, r => r.Name == alias);
        var udpRelay = Assert.Single(relays, r => r.Name == alias + " (udp)");
        Assert.Equal(id, tcpRelay.Id);
        Assert.Equal(("Tcp", "Running", $"127.0.0.1:{port}"), (tcpRelay.Protocol.ToString(), tcpRelay.State.ToString(), tcpRelay.Listen));
        Assert.Equal(("Udp", "Running", $"127.0.0.1:{port}"), (udpRelay.Protocol.ToString(), udpRelay.State.ToString(), udpRelay.Listen));
        var ids = (await (await client.GetWithTimeoutAsync("/api/v1/instances")).ReadJsonElementAsync()).EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Single(ids, i => i == id);
        Assert.DoesNotContain(udpRelay.Id, ids);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetWithTimeoutAsync($"/api/v1/instances/{udpRelay.Id}")).StatusCode);
    }

    [Fact]
    public async Task StopAndDelete_SingleEndForward_ActOnBothRelays()
    {
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);
        using var admin = factory.CreateAdminClient();
        var created = await (await client.PostJsonAsync("/api/v1/instances", new { url = $"client://127.0.0.1:{FreePort()}/127.0.0.1:9?mode=1" })).ReadJsonElementAsync();
        var id = created.GetProperty("id").GetString()!;
        var udpId = (await (await admin.GetWithTimeoutAsync("/api/v1/relays")).ReadJsonAsync<List<RelayDto>>()).Single(r => r.Name == $"{id} (udp)").Id;

        var stopped = await (await PatchAsync(client, id, new { action = "stop" })).ReadJsonElementAsync();
        var udpStopped = await (await admin.GetWithTimeoutAsync($"/api/v1/relays/{udpId}")).ReadJsonAsync<RelayDto>();
        var deleted = await client.DeleteWithTimeoutAsync($"/api/v1/instances/{id}");

        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.False(udpStopped.Enabled);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetWithTimeoutAsync($"/api/v1/relays/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetWithTimeoutAsync($"/api/v1/relays/{udpId}")).StatusCode);
    }

    [Fact]
    public async Task Restart_FalseInPostAndPatch_IsStoredAndReportedAsGiven()
    {
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);

        var created = await (await client.PostJsonAsync("/api/v1/instances", new { url = "server://127.0.0.1:0/127.0.0.1:9?mode=2", restart = false })).ReadJsonElementAsync();
        var id = created.GetProperty("id").GetString()!;
        var read = await GetAsync(client, id);
        var enabled = await (await PatchAsync(client, id, new { restart = true })).ReadJsonElementAsync();
        var disabled = await (await PatchAsync(client, id, new { restart = false, action = "stop" })).ReadJsonElementAsync();
        var defaulted = await (await client.PostJsonAsync("/api/v1/instances", new { url = "server://127.0.0.1:0/127.0.0.1:9?mode=2" })).ReadJsonElementAsync();

        Assert.False(created.GetProperty("restart").GetBoolean());
        Assert.False(read.GetProperty("restart").GetBoolean());
        Assert.True(enabled.GetProperty("restart").GetBoolean());
        Assert.False(disabled.GetProperty("restart").GetBoolean());
        Assert.Equal("stopped", disabled.GetProperty("status").GetString());
        Assert.False((await GetAsync(client, id)).GetProperty("restart").GetBoolean());
        Assert.True(defaulted.GetProperty("restart").GetBoolean()); // NodePass's default
    }

    [Fact]
    public async Task Reset_AfterTraffic_CountersStartAgainFromZero()
    {
        // Arrange: bytes through a single-end forward
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);
        var port = FreePort();
        var id = (await (await client.PostJsonAsync("/api/v1/instances", new { url = $"client://127.0.0.1:{port}/{echo.Address}?mode=1" })).ReadJsonElementAsync()).GetProperty("id").GetString()!;
        using (var first = await SocketTestExtensions.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)))
        {
            await first.SendAllAsync(new byte[1000]);
            await first.ReadExactlyAsync(1000);
        }
        await Eventually.GetAsync(() => GetAsync(client, id), i => i.GetProperty("tcprx").GetInt64() == 1000, "1000 bytes counted");

        // Act
        var reset = await (await PatchAsync(client, id, new { action = "reset" })).ReadJsonElementAsync();
        using var second = await SocketTestExtensions.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await second.SendAllAsync(new byte[10]);
        await second.ReadExactlyAsync(10);
        var after = await Eventually.GetAsync(() => GetAsync(client, id), i => i.GetProperty("tcprx").GetInt64() >= 10, "new bytes counted");

        // Assert
        Assert.Equal((0L, 0L), (reset.GetProperty("tcprx").GetInt64(), reset.GetProperty("tcptx").GetInt64()));
        Assert.Equal("running", reset.GetProperty("status").GetString());
        Assert.Equal(10, after.GetProperty("tcprx").GetInt64());
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        await (await client.GetWithTimeoutAsync($"/api/v1/instances/{id}")).ReadJsonElementAsync();

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string id, object body) =>
        client.PatchAsJsonAsync($"/api/v1/instances/{id}", body).WaitAsync(TestTimeouts.Default);

    private static int FreePort() => RelayBinary.FreeTcpPort();
}
