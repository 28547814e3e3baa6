using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using RelayWeb.Auth;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Hubs;

/// <summary>
/// The hub over its raw protocol (the SignalR .NET client is not in the package mirror): JSON hub protocol over a WebSocket,
/// records ended by 0x1E.
/// </summary>
[Collection(RelayWebCollection.Name)]
public sealed class RelayEventsHubTests(RelayWebFactory factory)
{
    private const char RecordSeparator = '\u001e';

    [Fact]
    public async Task Negotiate_WithoutCredentials_Returns401()
    {
        using var client = factory.CreateApiClient(token: null);

        var response = await client.PostEmptyAsync("/hubs/events/negotiate?negotiateVersion=1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Negotiate_ReadOnlyToken_Succeeds()
    {
        using var client = factory.CreateApiClient(factory.ReadOnlyToken);

        var response = await client.PostEmptyAsync("/hubs/events/negotiate?negotiateVersion=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task JoinRelay_ConnectionThroughRelay_ReceivesConnectionOpenedAndClosed()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var admin = factory.CreateAdminClient();
        var relay = await admin.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("hub"), echo.Address);
        var wsClient = factory.Server.CreateWebSocketClient();
        wsClient.ConfigureRequest = r => r.Headers[ApiTokenRequest.ApiKeyHeader] = factory.ReadOnlyToken;
        using var socket = await wsClient.ConnectAsync(new Uri(factory.Server.BaseAddress, "hubs/events"), CancellationToken.None).WaitAsync(TestTimeouts.Default);
        var hub = new HubConnection(socket);
        await hub.SendAsync("""{"protocol":"json","version":1}""");
        Assert.Equal("{}", await hub.ReceiveAsync()); // handshake accepted

        // Act
        await hub.SendAsync($$"""{"type":1,"invocationId":"1","target":"JoinRelay","arguments":["{{relay.Id.ToUpperInvariant()}}"]}""");
        await hub.ReceiveMessageAsync(m => m.GetProperty("type").GetInt32() == 3); // completion of JoinRelay
        string source;
        await using (var tcp = await TcpTestClient.ConnectAsync(relay.BoundEndpoint!))
        {
            source = tcp.LocalEndPoint.ToString();
            Assert.Equal("hub", await tcp.EchoAsync("hub"));
            var opened = await hub.ReceiveInvocationAsync("ConnectionOpened");
            Assert.Equal(relay.Id, opened.GetProperty("relayId").GetString());
            Assert.Equal(source, opened.GetProperty("source").GetString());
        }
        var closed = await hub.ReceiveInvocationAsync("ConnectionClosed");

        // Assert
        Assert.Equal(source, closed.GetProperty("source").GetString());
        Assert.Equal("client_closed", closed.GetProperty("closeReason").GetString());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TestTimeouts.Default);
    }

    private sealed class HubConnection(WebSocket socket)
    {
        private readonly Queue<string> _pending = new();

        public Task SendAsync(string json) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).WaitAsync(TestTimeouts.Default);

        public async Task<string> ReceiveAsync()
        {
            while (_pending.Count == 0)
            {
                var buffer = new byte[64 * 1024];
                var text = new StringBuilder();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TestTimeouts.Default);
                    text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }
                while (!result.EndOfMessage);
                foreach (var record in text.ToString().Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries)) _pending.Enqueue(record);
            }
            return _pending.Dequeue();
        }

        public async Task<JsonElement> ReceiveMessageAsync(Func<JsonElement, bool> match)
        {
            while (true)
            {
                var message = JsonDocument.Parse(await ReceiveAsync()).RootElement.Clone();
                if (match(message)) return message;
            }
        }

        /// <summary>The first argument of the next invocation of <paramref name="target"/> (pings and other messages are skipped).</summary>
        public async Task<JsonElement> ReceiveInvocationAsync(string target)
        {
            var message = await ReceiveMessageAsync(m => m.GetProperty("type").GetInt32() == 1 && m.GetProperty("target").GetString() == target);
            return message.GetProperty("arguments")[0];
        }
    }
}
