using System.Net;
using RelayEngine.Connections;
using RelayWeb.UnitTests.Engine.Infrastructure;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine;

/// <summary>UDP session lifetime: idle expiry on fake time, the session limit, and admin close.</summary>
public sealed class UdpRelayListenerSessionTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Sweep_SessionQuietForIdleTimeout_ClosedWithIdleTimeout()
    {
        // Arrange
        var time = new FakeTimeProvider();
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [echo.EndPoint.ToString()], idleTimeout: Idle), time);
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);
        await client.RequestAsync([1]);
        var id = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == 1)).Id;

        // Act
        time.Advance(Idle + TimeSpan.FromSeconds(1));

        // Assert
        var closed = await harness.Ledger.WaitForAsync(r => r.Id == id && !r.IsOpen);
        Assert.Equal(CloseReason.IdleTimeout, closed.CloseReason);
        Assert.Equal(1, closed.BytesUp);
        Assert.Equal(1, closed.BytesDown);
        Assert.Equal(0, harness.Relay.ActiveConnections);
        Assert.Empty(harness.OpenSessions);
        Assert.Equal(0, harness.Listener.SessionCount);
    }

    [Fact]
    public async Task Sweep_TrafficWithinIdleTimeout_KeepsSessionOpen()
    {
        // Arrange
        var time = new FakeTimeProvider();
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [echo.EndPoint.ToString()], idleTimeout: Idle), time);
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);
        await client.RequestAsync([1]);
        var id = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == 1)).Id;

        // Act
        time.Advance(TimeSpan.FromSeconds(6));
        await client.RequestAsync([2]); // activity at t=6 s
        time.Advance(TimeSpan.FromSeconds(6)); // t=12 s: 6 s quiet
        var openAfterTraffic = harness.OpenSessions.Select(s => s.Id).ToArray();
        time.Advance(TimeSpan.FromSeconds(5)); // t=17 s: 11 s quiet

        // Assert
        Assert.Equal([id], openAfterTraffic);
        var closed = await harness.Ledger.WaitForAsync(r => r.Id == id && !r.IsOpen);
        Assert.Equal(CloseReason.IdleTimeout, closed.CloseReason);
        Assert.Equal(0, harness.Relay.ActiveConnections);
    }

    [Fact]
    public async Task Sweep_ClientReturnsAfterExpiry_GetsNewSession()
    {
        // Arrange
        var time = new FakeTimeProvider();
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [echo.EndPoint.ToString()], idleTimeout: Idle), time);
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);
        await client.RequestAsync([1]);
        var firstId = Assert.Single(harness.OpenSessions).Id;
        time.Advance(Idle);

        // Act
        var reply = await client.RequestAsync([2, 2]);

        // Assert
        Assert.Equal([2, 2], reply);
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesUp == 2));
        Assert.NotEqual(firstId, session.Id);
        Assert.Equal(1, harness.Relay.ActiveConnections);
    }

    [Fact]
    public async Task Open_MaxConnectionsReached_ThirdClientRefusedAndRecordedOnce()
    {
        // Arrange
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config("127.0.0.1:0", [echo.EndPoint.ToString()], maxConnections: 2));
        var relay = harness.Start();
        using var first = new UdpTestClient(relay);
        using var second = new UdpTestClient(relay);
        using var third = new UdpTestClient(relay);
        await first.RequestAsync([1]);
        await second.RequestAsync([2]);

        // Act
        for (var i = 0; i < 20; i++) await third.SendAsync([3]);
        await first.RequestAsync([4]); // the receive loop is sequential: once this is answered, all of the above were handled
        await harness.LedgerFlushedAsync();

        // Assert
        var refused = Assert.Single(harness.Ledger.Records, r => r.CloseReason == CloseReason.RefusedByLimit);
        Assert.Equal(third.LocalEndPoint.ToString(), refused.Source);
        Assert.Equal("udp", refused.Network);
        Assert.Equal(relay.ToString(), refused.Listen);
        Assert.Equal(2, harness.OpenSessions.Count);
        Assert.Equal(2, harness.Relay.ActiveConnections);
        Assert.Equal(3, echo.Count); // [1], [2], [4]: nothing of the refused client reached the target
        Assert.InRange(harness.Relay.ToSnapshot().RefusedConnections, 1, 19); // retried at most once a second, not per datagram
    }

    [Fact]
    public async Task CloseConnection_OpenSession_EndsWithClosedByAdmin()
    {
        // Arrange
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config(echo.EndPoint));
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);
        await client.RequestAsync([1, 2, 3]);
        var id = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == 3)).Id;

        // Act
        var result = harness.Registry.CloseConnection(id);

        // Assert
        Assert.Equal(CloseConnectionResult.Closed, result);
        var closed = await harness.Ledger.WaitForAsync(r => r.Id == id && !r.IsOpen);
        Assert.Equal(CloseReason.ClosedByAdmin, closed.CloseReason);
        Assert.Equal(3, closed.BytesUp);
        await TestTimeouts.WaitUntilAsync(() => harness.Relay.ActiveConnections == 0, "the session slot to be freed");
        var reply = await client.RequestAsync([4]); // the next datagram opens a new session
        Assert.Equal([4], reply);
        Assert.NotEqual(id, Assert.Single(harness.OpenSessions).Id);
    }
}
