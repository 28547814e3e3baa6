using System.Net;
using System.Net.Sockets;
using System.Text;
using RelayEngine.Management;
using RelayWeb.IntegrationTests.Engine.Infrastructure;

namespace RelayWeb.IntegrationTests.Engine;

/// <summary>A FIN from one side must reach the other while the reverse direction keeps flowing (PRODUCT.md: half-close is kept).</summary>
public abstract class HalfCloseTests
{
    /// <summary>The TCP data path under test: every test here runs on the epoll loops and on System.Net.Sockets.</summary>
    protected abstract TcpTransport Transport { get; }

    [Fact]
    public async Task ClientFin_ReachesTarget_AndTargetCanStillReply()
    {
        // Arrange: a target that reads the whole request (until FIN), then answers and closes, like `nc -q`.
        using var target = Listen(out var targetAddress);
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("hc", targetAddress)], configure: o => o.TcpTransport = Transport);
        var serving = Task.Run(async () =>
        {
            using var peer = await target.AcceptAsync();
            var request = await peer.ReadToEndAsync();
            await peer.SendAllAsync(Encoding.ASCII.GetBytes($"got {request.Length} bytes"));
            peer.Shutdown(SocketShutdown.Send);
        });

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("hc"));
        await client.SendAllAsync(new byte[12345]);
        client.Shutdown(SocketShutdown.Send);
        var reply = await client.ReadToEndAsync();

        // Assert
        await serving.WaitAsync(TestTimeouts.Default);
        Assert.Equal("got 12345 bytes", Encoding.ASCII.GetString(reply));
    }

    [Fact]
    public async Task TargetFin_ReachesClient_AndClientCanStillSend()
    {
        // Arrange: a target that greets, half-closes, then still reads what the client sends.
        using var target = Listen(out var targetAddress);
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("hc2", targetAddress)], configure: o => o.TcpTransport = Transport);
        var received = Task.Run(async () =>
        {
            using var peer = await target.AcceptAsync();
            await peer.SendAllAsync("hello"u8.ToArray());
            peer.Shutdown(SocketShutdown.Send);
            return await peer.ReadToEndAsync();
        });

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("hc2"));
        var greeting = await client.ReadToEndAsync();       // ends with the target's FIN
        await client.SendAllAsync("still here"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);

        // Assert
        Assert.Equal("hello"u8.ToArray(), greeting);
        Assert.Equal("still here"u8.ToArray(), await received.WaitAsync(TestTimeouts.Default));
    }

    private static Socket Listen(out string address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(16);
        address = socket.LocalEndPoint!.ToString()!;
        return socket;
    }
}

public sealed class EpollHalfCloseTests : HalfCloseTests
{
    protected override TcpTransport Transport => TcpTransport.Epoll;
}

public sealed class SocketsHalfCloseTests : HalfCloseTests
{
    protected override TcpTransport Transport => TcpTransport.Sockets;
}
