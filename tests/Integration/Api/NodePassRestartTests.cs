using RelayWeb.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using RelayWeb.Api.Contracts;
using RelayWeb.IntegrationTests.Engine.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>A master restart as NodePass users know it: <c>restart</c> decides what starts, and counters carry on.</summary>
public sealed class NodePassRestartTests
{
    [Fact]
    public async Task Restart_AppliesEachInstancesRestartPolicy_AndForwardCountersSurvive()
    {
        // Arrange: a forward with restart:false that carried 1000 bytes, and a stopped server end with restart:true
        await using var echo = new LoopbackEchoServer();
        var dataDir = Path.Combine(Path.GetTempPath(), "relay-np-restart-" + Guid.NewGuid().ToString("N")[..12]);
        var port = FreePort();
        string forwardId, serverId;
        var first = new RelayWebFactory { DataDirectory = dataDir, KeepDataDirectory = true };
        await ((IAsyncLifetime)first).InitializeAsync();
        var token = first.AdminToken;
        try
        {
            using var client = first.CreateApiClient(token, useApiKeyHeader: true);
            using var admin = first.CreateAdminClient();
            forwardId = await CreateAsync(client, new { url = $"client://127.0.0.1:{port}/{echo.Address}?mode=1", restart = false });
            serverId = await CreateAsync(client, new { url = "server://127.0.0.1:0/127.0.0.1:9?mode=2", restart = true });
            Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/v1/instances/{serverId}", new { action = "stop" }).WaitAsync(TestTimeouts.Default)).StatusCode);
            using (var socket = await SocketTestExtensions.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)))
            {
                await socket.SendAllAsync(new byte[1000]);
                await socket.ReadExactlyAsync(1000);
            }
            await Eventually.UntilAsync(async () => (await (await admin.GetWithTimeoutAsync($"/api/v1/connections?relay={forwardId}&state=closed")).ReadJsonElementAsync())
                .GetProperty("total").GetInt32() == 1, "the connection is in the ledger");
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Act: start again on the same data directory
        await using var second = new RelayWebFactory { DataDirectory = dataDir, AdminToken = token };
        await ((IAsyncLifetime)second).InitializeAsync();
        using var again = second.CreateApiClient(token, useApiKeyHeader: true);
        var forward = await GetAsync(again, forwardId);
        var server = await GetAsync(again, serverId);
        using var secondAdmin = second.CreateAdminClient();
        var relays = await (await secondAdmin.GetWithTimeoutAsync("/api/v1/relays")).ReadJsonAsync<List<RelayDto>>();

        // Assert
        Assert.Equal(("stopped", false), (forward.GetProperty("status").GetString(), forward.GetProperty("restart").GetBoolean()));
        Assert.Equal(1000, forward.GetProperty("tcprx").GetInt64()); // from the ledger: the relay's own counters began again
        Assert.Equal(1000, forward.GetProperty("tcptx").GetInt64());
        Assert.All(relays.Where(r => r.Name.StartsWith(forwardId, StringComparison.Ordinal)), r => Assert.False(r.Enabled));
        Assert.Equal(2, relays.Count(r => r.Name.StartsWith(forwardId, StringComparison.Ordinal)));
        Assert.Equal(("running", true), (server.GetProperty("status").GetString(), server.GetProperty("restart").GetBoolean()));
    }

    private static async Task<string> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostJsonAsync("/api/v1/instances", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonElementAsync()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string id) =>
        await (await client.GetWithTimeoutAsync($"/api/v1/instances/{id}")).ReadJsonElementAsync();

    private static int FreePort() => RelayBinary.FreeTcpPort();
}
