using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RelayWeb.Api;
using RelayWeb.IntegrationTests.Sync.Infrastructure;

namespace RelayWeb.IntegrationTests.Sync;

/// <summary>
/// §4.5 at the transport level, on a real master process: a sync request whose connection drops half-way through the body
/// stores nothing, the master keeps serving, and the same batch sent in full afterwards is stored exactly once.
/// </summary>
[Collection(SyncProcessCollection.Name)]
public sealed class TruncatedRequestTests
{
    [Fact]
    public async Task ConnectionDroppedHalfWayThroughTheBody_NothingStored_FullBatchLaterStoredOnce()
    {
        // Arrange
        await using var cluster = await SyncCluster.StartAsync();
        var batch = JsonSerializer.SerializeToUtf8Bytes(new
        {
            agentId = SyncCluster.AgentId,
            records = Enumerable.Range(1, 1000).Select(i => new
            {
                seq = i, id = Guid.CreateVersion7(), relayId = "r1", network = "tcp", source = $"10.0.0.1:{1000 + i}", listen = "0.0.0.0:80",
                start = DateTime.UtcNow.AddMinutes(-1), end = DateTime.UtcNow, bytesUp = i, bytesDown = 2 * i, closeReason = "client_closed",
            }),
        }, RelayJson.Options);

        // Act: headers announce the whole body, half of it is sent, then the connection is reset.
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, cluster.Master.Port));
            var head = $"POST /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {MasterNode.ApiToken}\r\n" +
                $"Content-Type: application/json\r\nContent-Length: {batch.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head));
            await socket.SendAsync(batch.AsMemory(0, batch.Length / 2));
            socket.LingerState = new LingerOption(true, 0);
        }
        var health = await cluster.Master.Api.GetAsync("/api/v1/health");
        var afterCut = await LedgerFile.CountAsync(cluster.Master.DatabasePath, SyncCluster.AgentId);
        using var content = new ByteArrayContent(batch);
        content.Headers.ContentType = new("application/json");
        var full = await cluster.Master.Api.PostAsync("/api/v1/sync", content);
        var again = await cluster.Master.Api.PostAsync("/api/v1/sync", content);

        // Assert
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(0, afterCut);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1000, (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledgedSeq").GetInt64());
        var rows = await LedgerFile.ReadAsync(cluster.Master.DatabasePath, SyncCluster.AgentId);
        Assert.Equal(1000, rows.Count);
        Assert.Equal(Enumerable.Range(1, 1000).Sum(), rows.Values.Sum(r => r.BytesUp));
    }
}
