using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayEngine.Configuration;
using RelayWeb.IntegrationTests.Engine.Infrastructure;

namespace RelayWeb.IntegrationTests.Engine;

public sealed class UdpRelayEndToEndTests
{
    [Fact]
    public async Task Echo_ThroughEngine_RepliesReachClientAndSessionIsInSqliteLedger()
    {
        // Arrange
        using var echo = Bind();
        var echoing = EchoAsync(echo, count: 3);
        var relay = Udp("u1", echo.LocalEndPoint!.ToString()!) with { IdleTimeout = TimeSpan.FromSeconds(2) }; // long enough that three round trips on a loaded machine stay in one session
        await using var engine = await EngineHost.StartAsync([relay], sqliteLedger: true);
        using var client = Bind();

        // Act
        foreach (var size in new[] { 1, 1400, 60_000 })
        {
            await client.SendToAsync(new byte[size], SocketFlags.None, engine.EndPointOf("u1")).WaitAsync(TestTimeouts.Default);
            var buffer = new byte[65_536];
            var reply = await client.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TestTimeouts.Default);
            Assert.Equal(size, reply.ReceivedBytes);
        }
        await echoing.WaitAsync(TestTimeouts.Default);

        // Assert: the idle session is closed and recorded with exact bytes.
        var factory = engine.Services.GetRequiredService<IDbContextFactory<RelayDbContext>>();
        await Eventually.UntilAsync(async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            return await db.Connections.AnyAsync(c => !c.IsOpen && c.Network == "udp");
        }, "the UDP session is closed in the ledger");
        await using var check = await factory.CreateDbContextAsync();
        var row = await check.Connections.SingleAsync();
        Assert.Equal(61_401, row.BytesUp);
        Assert.Equal(61_401, row.BytesDown);
        Assert.Equal("idle_timeout", row.CloseReason);
        Assert.Equal(client.LocalEndPoint!.ToString(), row.Source);
    }

    [Fact]
    public async Task FanOut_ToThreeReceivers_EachGetsEveryDatagram()
    {
        // Arrange
        using var r1 = Bind();
        using var r2 = Bind();
        using var r3 = Bind();
        var receivers = new[] { r1, r2, r3 };
        var relay = Udp("fan", receivers.Select(r => r.LocalEndPoint!.ToString()!).ToArray()) with { Strategy = TargetStrategy.All };
        await using var engine = await EngineHost.StartAsync([relay]);
        using var client = Bind();

        // Act
        for (byte i = 0; i < 5; i++)
        {
            await client.SendToAsync(new[] { i }, SocketFlags.None, engine.EndPointOf("fan")).WaitAsync(TestTimeouts.Default);
        }

        // Assert
        foreach (var receiver in receivers)
        {
            var got = new List<byte>();
            var buffer = new byte[16];
            while (got.Count < 5)
            {
                var n = await receiver.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestTimeouts.Default);
                got.AddRange(buffer.Take(n));
            }
            Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, got);
        }
        var open = Assert.Single(engine.Connections.GetOpenConnections());
        Assert.Equal(5, open.BytesUp);
        Assert.Equal(string.Join(", ", receivers.Select(r => r.LocalEndPoint!.ToString())), open.Target);
    }

    private static RelayConfig Udp(string id, params string[] targets) => new()
    {
        RelayId = id,
        Name = id,
        Protocol = RelayProtocol.Udp,
        Listen = "127.0.0.1:0",
        Targets = targets,
    };

    private static Socket Bind()
    {
        // UDP may drop datagrams when a receive buffer overflows on a loaded machine; 1 MiB leaves room for 64 KiB datagrams.
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static async Task EchoAsync(Socket socket, int count)
    {
        var buffer = new byte[65_536];
        for (var i = 0; i < count; i++)
        {
            var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0));
            await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint);
        }
    }
}
