using RelayWeb.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using RelayWeb.Api.Contracts;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>Stopping and starting the process keeps every relay and the whole ledger (PRODUCT.md: nothing stored is lost).</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_SameDataDirectory_KeepsRelaysAndLedger_AndClosesWhatWasOpen()
    {
        // Arrange: a relay on a fixed port, one finished connection and one still open at shutdown.
        await using var echo = new LoopbackEchoServer();
        var dataDir = Path.Combine(Path.GetTempPath(), "relay-restart-" + Guid.NewGuid().ToString("N")[..12]);
        var port = FreePort();
        string relayId, finishedSource;
        var first = new RelayWebFactory { DataDirectory = dataDir, KeepDataDirectory = true };
        await ((IAsyncLifetime)first).InitializeAsync();
        var token = first.AdminToken;
        try
        {
            using var client = first.CreateAdminClient();
            var response = await client.PostJsonAsync("/api/v1/relays", new { name = "persisted", protocol = "tcp", listen = $"127.0.0.1:{port}", targets = new[] { echo.Address } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            relayId = (await response.ReadJsonAsync<RelayDto>()).Id;
            await using (var tcp = await TcpTestClient.ConnectAsync($"127.0.0.1:{port}"))
            {
                finishedSource = tcp.LocalEndPoint.ToString();
                Assert.Equal("hello", await tcp.EchoAsync("hello"));
            }
            await Eventually.UntilAsync(async () => (await Count(client, $"relay={relayId}&state=closed")) == 1, "the finished connection is in the ledger");

            // Act 1: stop the process while a connection is open.
            var open = await TcpTestClient.ConnectAsync($"127.0.0.1:{port}");
            Assert.Equal("x", await open.EchoAsync("x"));
            await Eventually.UntilAsync(async () => (await Count(client, $"relay={relayId}&state=open")) == 1, "the open connection is in the ledger");
            await first.DisposeAsync();
            await open.DisposeAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Act 2: start again on the same data directory.
        await using var second = new RelayWebFactory { DataDirectory = dataDir, AdminToken = token };
        await ((IAsyncLifetime)second).InitializeAsync();
        using var again = second.CreateAdminClient();

        // Assert: the relay is back on its port and works; the ledger kept both connections, none left open.
        var relays = await (await again.GetWithTimeoutAsync("/api/v1/relays")).ReadJsonAsync<List<RelayDto>>();
        var relay = Assert.Single(relays, r => r.Id == relayId);
        Assert.Equal("Running", relay.State.ToString());
        await using (var tcp = await TcpTestClient.ConnectAsync($"127.0.0.1:{port}"))
        {
            Assert.Equal("back", await tcp.EchoAsync("back"));
        }
        var page = await (await again.GetWithTimeoutAsync($"/api/v1/connections?relay={relayId}&sort=start&order=asc")).ReadJsonElementAsync();
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.True(items.Count >= 2, $"expected the two earlier connections, got {items.Count}");
        var finished = items.Single(i => i.GetProperty("source").GetString() == finishedSource);
        Assert.Equal(5, finished.GetProperty("bytesUp").GetInt64());
        Assert.Equal(5, finished.GetProperty("bytesDown").GetInt64());
        Assert.Equal("client_closed", finished.GetProperty("closeReason").GetString());
        Assert.Equal("closed", items[1].GetProperty("state").GetString());
        Assert.Equal("relay_stopped", items[1].GetProperty("closeReason").GetString());
    }

    private static async Task<int> Count(HttpClient client, string query)
    {
        var page = await (await client.GetWithTimeoutAsync($"/api/v1/connections?{query}")).ReadJsonElementAsync();
        return page.GetProperty("total").GetInt32();
    }

    private static int FreePort() => RelayBinary.FreeTcpPort();
}
