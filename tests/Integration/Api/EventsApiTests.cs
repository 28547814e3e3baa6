using System.Net;
using System.Text.Json;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Api;

[Collection(RelayWebCollection.Name)]
public sealed class EventsApiTests(RelayWebFactory factory)
{
    [Fact]
    public async Task Events_ConnectionThroughRelay_StreamsOpenedThenClosed()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("sse"), echo.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events?relay={relay.Id}");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync().WaitAsync(TestTimeouts.Default);
        var events = new SseReader(stream);
        Assert.StartsWith(":", await events.ReadCommentOrEventAsync()); // the stream is open once the first comment arrives

        // Act
        string source;
        await using (var tcp = await TcpTestClient.ConnectAsync(relay.BoundEndpoint!))
        {
            source = tcp.LocalEndPoint.ToString();
            Assert.Equal("sse", await tcp.EchoAsync("sse"));
            var opened = await events.ReadEventAsync("connection.opened");
            Assert.Equal(relay.Id, opened.GetProperty("relayId").GetString());
            Assert.Equal(source, opened.GetProperty("source").GetString());
            Assert.Equal("open", opened.GetProperty("state").GetString());
            Assert.Equal(echo.Address, opened.GetProperty("target").GetString()); // announced once the target answered
        }
        var closed = await events.ReadEventAsync("connection.closed");

        // Assert
        Assert.Equal(source, closed.GetProperty("source").GetString());
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.Equal("client_closed", closed.GetProperty("closeReason").GetString());
        Assert.Equal(3, closed.GetProperty("bytesUp").GetInt64());
    }

    [Fact]
    public async Task Events_RelayStopped_StreamsRelayStateChange()
    {
        await using var echo = new LoopbackEchoServer();
        using var client = factory.CreateAdminClient();
        var relay = await client.CreateTcpRelayAsync(ApiClientExtensions.UniqueName("sse-relay"), echo.Address);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events?relay={relay.Id}"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestTimeouts.Default);
        await using var stream = await response.Content.ReadAsStreamAsync().WaitAsync(TestTimeouts.Default);
        var events = new SseReader(stream);
        await events.ReadCommentOrEventAsync();

        await client.PostEmptyAsync($"/api/v1/relays/{relay.Id}/stop");
        var changed = await events.ReadEventAsync("relay", e => e.GetProperty("state").GetString() == "Stopped");

        Assert.Equal(relay.Id, changed.GetProperty("id").GetString());
    }

    /// <summary>Reads <c>text/event-stream</c> frames: comment lines, or <c>event:</c> + <c>data:</c> lines ended by a blank line.</summary>
    private sealed class SseReader(Stream stream)
    {
        private readonly StreamReader _reader = new(stream);

        public async Task<string> ReadCommentOrEventAsync()
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync().WaitAsync(TestTimeouts.Default) ?? throw new EndOfStreamException();
                if (line.StartsWith(':') || line.StartsWith("event:", StringComparison.Ordinal)) return line;
            }
        }

        public async Task<JsonElement> ReadEventAsync(string type, Func<JsonElement, bool>? match = null)
        {
            string? current = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync().WaitAsync(TestTimeouts.Default) ?? throw new EndOfStreamException();
                if (line.StartsWith("event: ", StringComparison.Ordinal)) current = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == type)
                {
                    var data = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
                    if (match is null || match(data)) return data;
                }
            }
        }
    }
}
