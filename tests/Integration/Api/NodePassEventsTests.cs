using RelayWeb.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using RelayWeb.IntegrationTests.Engine.Infrastructure;
using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

/// <summary>NodePass's <c>log</c> and <c>shutdown</c> events on <c>/api/v1/events</c>, read as a NodePass front end reads them.</summary>
[Collection(RelayWebCollection.Name)]
public sealed partial class NodePassEventsTests(RelayWebFactory factory) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-np-events-").FullName;

    [Fact]
    public async Task Events_InstanceStateAndConnections_ArriveAsItsLogLines()
    {
        // Arrange: the stream open before the instance exists
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateApiClient(factory.AdminToken, useApiKeyHeader: true);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        var events = new NodePassSseReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("retry: 3000", await events.ReadLineAsync());
        var port = FreePort();

        // Act
        var id = (await (await client.PostJsonAsync("/api/v1/instances", new { url = $"client://127.0.0.1:{port}/{echo.Address}?mode=1" })).ReadJsonElementAsync()).GetProperty("id").GetString();
        using (var socket = await SocketTestExtensions.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)))
        {
            await socket.SendAllAsync("ping"u8.ToArray());
            await socket.ReadExactlyAsync(4);
        }
        // The relay's state and its connections come from different engine streams: in either order.
        var lines = await events.ReadEachAsync(e => IsLogOf(e, id, "State: Running"), e => IsLogOf(e, id, "[new] tcp"), e => IsLogOf(e, id, "[closed] tcp"));
        var (state, opened, closed) = (lines[0], lines[1], lines[2]);

        // Assert: NodePass's log event, its line in NodePass's shape, the instance attached
        Assert.Matches(LogLine(), state.GetProperty("logs").GetString());
        Assert.Contains($"on 127.0.0.1:{port}", state.GetProperty("logs").GetString());
        Assert.Matches(LogLine(), opened.GetProperty("logs").GetString());
        Assert.Contains($"-> {echo.Address}", opened.GetProperty("logs").GetString());
        Assert.Contains("up 4 B, down 4 B", closed.GetProperty("logs").GetString());
        Assert.Equal("client", closed.GetProperty("instance").GetProperty("type").GetString());
        Assert.True(closed.TryGetProperty("time", out _));
    }

    [Fact]
    public async Task Events_GracefulStop_SendsShutdownThenEndsTheStream()
    {
        // Arrange: a real relay serve process and a NodePass client on its stream
        await using var master = new MasterNode(_directory);
        await master.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(master.Url), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Add("X-API-Key", MasterNode.ApiToken);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/events"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        var events = new NodePassSseReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("retry: 3000", await events.ReadLineAsync());

        // Act: SIGTERM
        var exit = master.TerminateAsync();
        var shutdown = await events.ReadAsync(e => NodePassSseReader.TypeOf(e) == "shutdown", TestTimeouts.Long);

        // Assert
        Assert.Equal(JsonValueKind.Null, shutdown.GetProperty("instance").ValueKind);
        await Assert.ThrowsAsync<EndOfStreamException>(() => events.ReadLineAsync(TestTimeouts.Long));
        Assert.Equal(0, await exit);
    }

    private static bool IsLogOf(JsonElement e, string? id, string text) =>
        NodePassSseReader.TypeOf(e) == "log" && NodePassSseReader.IdOf(e) == id && e.GetProperty("logs").GetString()!.Contains(text, StringComparison.Ordinal);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (INFO |ERROR) ")]
    private static partial Regex LogLine();

    private static int FreePort() => RelayBinary.FreeTcpPort();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
