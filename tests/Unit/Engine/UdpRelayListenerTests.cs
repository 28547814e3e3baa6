using System.Net;
using System.Net.Sockets;
using RelayEngine.Connections;
using RelayEngine.Transport;
using RelayWeb.UnitTests.Engine.Infrastructure;

namespace RelayWeb.UnitTests.Engine;

/// <summary>The UDP relay's data path over real loopback sockets: echo, byte counts, sessions per client, bind, stop.</summary>
public sealed class UdpRelayListenerTests
{
    [Fact]
    public async Task Relay_PayloadsFrom1To65507Bytes_EchoedAndCountedExactly()
    {
        // Arrange
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config(echo.EndPoint));
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);
        int[] sizes = [1, 2, 512, 1472, 9000, 32768, 60000, 65507];
        long total = 0;

        // Act
        foreach (var size in sizes)
        {
            var payload = Payload(size, seed: size);
            var reply = await client.RequestAsync(payload);
            Assert.Equal(payload, reply);
            total += size;
        }

        // Assert
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == total));
        Assert.Equal(total, session.BytesUp);
        Assert.Equal(total, session.BytesDown);
        Assert.Equal("udp", session.Network);
        Assert.Equal(client.LocalEndPoint.ToString(), session.Source);
        Assert.Equal(relay.ToString(), session.Listen);
        Assert.Equal(echo.EndPoint.ToString(), session.Target);
        Assert.Equal(total, harness.Relay.BytesUp);
        Assert.Equal(total, harness.Relay.BytesDown);
        Assert.Equal(1, harness.Relay.ActiveConnections);
    }

    [Fact]
    public async Task Relay_TwoClients_OwnSessionsAndUpstreamPortsAndReplies()
    {
        // Arrange
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config(echo.EndPoint));
        var relay = harness.Start();
        using var first = new UdpTestClient(relay);
        using var second = new UdpTestClient(relay);

        // Act
        await first.SendAsync("from-first"u8.ToArray());
        await second.SendAsync("from-second-client"u8.ToArray());
        var firstReply = await first.ReceiveAsync();
        var secondReply = await second.ReceiveAsync();
        var seenByTarget = new[] { (await echo.NextAsync()).From, (await echo.NextAsync()).From };

        // Assert
        Assert.Equal("from-first"u8.ToArray(), firstReply);
        Assert.Equal("from-second-client"u8.ToArray(), secondReply);
        Assert.NotEqual(seenByTarget[0].Port, seenByTarget[1].Port);
        Assert.DoesNotContain(seenByTarget, from => from.Port == relay.Port);
        var sessions = await harness.WaitForSessionsAsync(2, s => s.Sum(x => x.BytesDown) == 28);
        Assert.Equal(2, sessions.Count);
        Assert.Equal(
            new[] { first.LocalEndPoint.ToString(), second.LocalEndPoint.ToString() }.Order(),
            sessions.Select(s => s.Source).Order());
        Assert.Equal(10, sessions.Single(s => s.Source == first.LocalEndPoint.ToString()).BytesDown);
        Assert.Equal(18, sessions.Single(s => s.Source == second.LocalEndPoint.ToString()).BytesDown);
        Assert.Equal(2, harness.Relay.ActiveConnections);
    }

    [Fact]
    public async Task Relay_Ipv6Loopback_EchoesAndCounts()
    {
        // Arrange
        await using var echo = UdpEchoServer.Start(IPAddress.IPv6Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("[::1]:0", [echo.EndPoint.ToString()]));
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);
        var payload = Payload(65527, seed: 6);

        // Act
        var small = await client.RequestAsync("v6"u8.ToArray());
        var large = await client.RequestAsync(payload);

        // Assert
        Assert.Equal(AddressFamily.InterNetworkV6, relay.AddressFamily);
        Assert.True(IPAddress.IsLoopback(relay.Address));
        Assert.Equal("v6"u8.ToArray(), small);
        Assert.Equal(payload, large);
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == 2 + payload.Length));
        Assert.Equal(2 + payload.Length, session.BytesUp);
        Assert.Equal(2 + payload.Length, session.BytesDown);
        Assert.Equal(client.LocalEndPoint.ToString(), session.Source);
    }

    [Fact]
    public async Task Start_PortInUse_ThrowsRelayBindExceptionNamingTheAddress()
    {
        // Arrange
        using var occupant = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        occupant.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var taken = (IPEndPoint)occupant.LocalEndPoint!;
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config(taken.ToString(), ["127.0.0.1:9"]));

        // Act
        var error = Assert.Throws<RelayBindException>(() => harness.Listener.Start());

        // Assert
        Assert.StartsWith($"{taken} is already in use by another program", error.Message);
        Assert.Null(harness.Listener.BoundEndPoint);
    }

    [Fact]
    public async Task Start_InvalidListenAddress_ThrowsRelayBindException()
    {
        // Arrange
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("not-an-ip:53", ["127.0.0.1:9"]));

        // Act
        var error = Assert.Throws<RelayBindException>(() => harness.Listener.Start());

        // Assert
        Assert.Contains("not-an-ip", error.Message);
    }

    [Fact]
    public async Task StopAsync_OpenSessions_ClosedWithRelayStoppedAndCompletes()
    {
        // Arrange
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config(echo.EndPoint));
        var relay = harness.Start();
        using var first = new UdpTestClient(relay);
        using var second = new UdpTestClient(relay);
        await first.RequestAsync([1]);
        await second.RequestAsync([2]);
        var ids = harness.OpenSessions.Select(s => s.Id).ToArray();

        // Act
        await harness.Listener.StopAsync(harness.Options.DrainTimeout).WaitAsync(TestTimeouts.Default);

        // Assert
        Assert.Equal(2, ids.Length);
        Assert.Empty(harness.OpenSessions);
        Assert.Equal(0, harness.Relay.ActiveConnections);
        Assert.Equal(0, harness.Listener.SessionCount);
        foreach (var id in ids)
        {
            var closed = await harness.Ledger.WaitForAsync(r => r.Id == id && !r.IsOpen);
            Assert.Equal(CloseReason.RelayStopped, closed.CloseReason);
        }
        using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rebind.Bind(relay); // the listening socket is gone
    }

    [Fact]
    public async Task DisposeAsync_NeverStarted_Completes()
    {
        // Arrange
        var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", ["127.0.0.1:9"]));

        // Act
        var dispose = harness.DisposeAsync().AsTask();

        // Assert
        await dispose.WaitAsync(TestTimeouts.Default);
        Assert.True(dispose.IsCompletedSuccessfully);
    }

    internal static byte[] Payload(int size, int seed)
    {
        var payload = new byte[size];
        new Random(seed).NextBytes(payload);
        return payload;
    }
}
