using System.Net;
using System.Net.Sockets;
using RelayEngine.Configuration;
using RelayWeb.UnitTests.Engine.Infrastructure;

namespace RelayWeb.UnitTests.Engine;

/// <summary>How a UDP relay picks targets: fan-out (All), round-robin across sessions, failover on ICMP unreachable.</summary>
public sealed class UdpRelayListenerStrategyTests
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task FanOut_ThreeTargets_EveryTargetGetsEveryDatagramAndLedgerListsAll()
    {
        // Arrange
        await using var a = UdpEchoServer.Start(IPAddress.Loopback, echo: true);
        await using var b = UdpEchoServer.Start(IPAddress.Loopback, echo: false);
        await using var c = UdpEchoServer.Start(IPAddress.Loopback, echo: false);
        var targets = new[] { a.EndPoint, b.EndPoint, c.EndPoint }.Select(t => t.ToString()).ToArray();
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", targets, TargetStrategy.All));
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);
        byte[][] datagrams = [[1], [2, 2], [3, 3, 3]];

        // Act
        var replies = new List<byte[]>();
        foreach (var datagram in datagrams) replies.Add(await client.RequestAsync(datagram));

        // Assert
        Assert.Equal(datagrams, replies);
        foreach (var receiver in new[] { a, b, c })
        {
            foreach (var datagram in datagrams) Assert.Equal(datagram, (await receiver.NextAsync()).Payload);
        }
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == 6));
        Assert.Equal(string.Join(", ", targets), session.Target);
        Assert.Equal(6, session.BytesUp); // each datagram counted once, not once per target
        Assert.Equal(6, session.BytesDown);
        var opened = await harness.Ledger.WaitForAsync(r => r.Id == session.Id);
        foreach (var target in targets) Assert.Contains(target, opened.Target);
    }

    [Fact]
    public async Task FanOut_OneTargetDead_OthersStillGetEveryDatagram()
    {
        // Arrange
        await using var live = UdpEchoServer.Start(IPAddress.Loopback, echo: false);
        var dead = DeadLoopbackEndPoint();
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [dead.ToString(), live.EndPoint.ToString()], TargetStrategy.All));
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);

        // Act
        for (byte i = 1; i <= 5; i++) await client.SendAsync([i]);

        // Assert
        for (byte i = 1; i <= 5; i++) Assert.Equal([i], (await live.NextAsync()).Payload);
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesUp == 5));
        Assert.Equal(5, session.BytesUp);
    }

    [Fact]
    public async Task RoundRobin_ThreeSessionsTwoTargets_RotatesTargets()
    {
        // Arrange
        await using var a = UdpEchoServer.Start(IPAddress.Loopback);
        await using var b = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [a.EndPoint.ToString(), b.EndPoint.ToString()], TargetStrategy.RoundRobin));
        var relay = harness.Start();
        using var first = new UdpTestClient(relay);
        using var second = new UdpTestClient(relay);
        using var third = new UdpTestClient(relay);

        // Act
        await first.RequestAsync([1]);
        await second.RequestAsync([2]);
        await third.RequestAsync([3]);
        await first.RequestAsync([4]); // a session keeps its target

        // Assert
        var targetBySource = harness.OpenSessions.ToDictionary(s => s.Source, s => s.Target);
        Assert.Equal(a.EndPoint.ToString(), targetBySource[first.LocalEndPoint.ToString()]);
        Assert.Equal(b.EndPoint.ToString(), targetBySource[second.LocalEndPoint.ToString()]);
        Assert.Equal(a.EndPoint.ToString(), targetBySource[third.LocalEndPoint.ToString()]);
        Assert.Equal(3, a.Count);
        Assert.Equal(1, b.Count);
    }

    [Fact]
    public async Task Failover_FirstTargetDead_SessionMovesToSecond()
    {
        // Arrange
        await using var live = UdpEchoServer.Start(IPAddress.Loopback);
        var dead = DeadLoopbackEndPoint();
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [dead.ToString(), live.EndPoint.ToString()]));
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);

        // Act: the first datagram goes to the dead target and is lost; its ICMP port unreachable moves the session.
        var reply = await client.RequestUntilAnsweredAsync("hello"u8.ToArray(), RetryAfter);
        await client.SendAsync("again"u8.ToArray());
        var again = await client.ReceiveSkippingAsync(stale: reply);

        // Assert
        Assert.Equal("hello"u8.ToArray(), reply);
        Assert.Equal("again"u8.ToArray(), again);
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown >= 10));
        Assert.Equal(live.EndPoint.ToString(), session.Target);
    }

    [Fact]
    public async Task Failover_EveryTargetDead_SessionClosedWithConnectFailed()
    {
        // Arrange
        var dead = DeadLoopbackEndPoint();
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [dead.ToString()]));
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);

        // Act
        await client.SendAsync([1]);
        var closed = await harness.Ledger.WaitForAsync(r => r.RelayId == harness.Relay.RelayId && !r.IsOpen);

        // Assert
        Assert.Equal(RelayEngine.Connections.CloseReason.ConnectFailed, closed.CloseReason);
        await TestTimeouts.WaitUntilAsync(() => harness.Relay.ActiveConnections == 0, "the session slot to be freed");
        Assert.Equal(1, harness.Relay.ToSnapshot().FailedConnections);
    }

    /// <summary>A loopback UDP port with nothing bound: datagrams to it draw an ICMP port unreachable.</summary>
    internal static IPEndPoint DeadLoopbackEndPoint()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)probe.LocalEndPoint!;
    }
}
