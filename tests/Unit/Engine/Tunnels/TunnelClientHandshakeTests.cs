using System.Net;
using System.Net.Sockets;
using RelayEngine.Configuration;
using RelayEngine.Tunnels;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine.Tunnels;

public sealed class TunnelClientHandshakeTests
{
    [Fact]
    public async Task ServerNeverGreets_HandshakeEndsWhenTheInjectedClockPassesItsTimeout()
    {
        // Arrange: a server that accepts and then says nothing.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Assert.True(EndpointParser.TryParseTarget(listener.LocalEndPoint!.ToString(), out var server, out _));
        var time = new FakeTimeProvider();
        var handshake = TunnelClientHandshake.ConnectAsync(server, TunnelConnectionKind.Data, Guid.NewGuid(), new TunnelAuthenticator("shared-secret-key-123"),
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), time, CancellationToken.None);
        using var accepted = await listener.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));

        // Act
        time.Advance(TimeSpan.FromSeconds(14));
        var early = await Task.WhenAny(handshake, Task.Delay(200));
        time.Advance(TimeSpan.FromSeconds(1));

        // Assert
        Assert.NotSame(handshake, early);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
