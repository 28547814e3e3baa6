using RelayEngine.Configuration;
using RelayEngine.Tunnels;

namespace RelayWeb.UnitTests.Engine.Tunnels;

public sealed class TunnelMessagesTests
{
    [Fact]
    public void Greeting_RoundTrips_AndRejectsAForeignMagic()
    {
        // Arrange
        var greeting = new TunnelGreeting(TunnelProtocol.Version, TunnelTlsMode.SelfSigned, TunnelAuthenticator.NewNonce());
        var payload = greeting.ToPayload();

        // Act
        var ok = TunnelGreeting.TryParse(payload, out var parsed);
        payload[0] = (byte)'X';
        var foreign = TunnelGreeting.TryParse(payload, out _);

        // Assert
        Assert.True(ok);
        Assert.Equal(greeting.Tls, parsed.Tls);
        Assert.Equal(greeting.Nonce, parsed.Nonce);
        Assert.False(foreign);
    }

    [Fact]
    public void HelloAndWelcome_RoundTrip()
    {
        // Arrange
        var hello = new TunnelHello(TunnelConnectionKind.Data, TunnelAuthenticator.NewNonce(), Guid.NewGuid(), new byte[32]);
        var welcome = new TunnelWelcome(new byte[32], Guid.NewGuid(), TunnelFlow.Forward, 1024, 5000);

        // Act
        var helloOk = TunnelHello.TryParse(hello.ToPayload(), out var parsedHello);
        var welcomeOk = TunnelWelcome.TryParse(welcome.ToPayload(), out var parsedWelcome);

        // Assert
        Assert.True(helloOk);
        Assert.Equal(hello.Kind, parsedHello.Kind);
        Assert.Equal(hello.Session, parsedHello.Session);
        Assert.Equal(hello.Nonce, parsedHello.Nonce);
        Assert.True(welcomeOk);
        Assert.Equal((welcome.Session, welcome.Flow, welcome.MaxPool, welcome.HeartbeatMilliseconds), (parsedWelcome.Session, parsedWelcome.Flow, parsedWelcome.MaxPool, parsedWelcome.HeartbeatMilliseconds));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(80)]
    public void Hello_WrongLength_IsRejected(int length) => Assert.False(TunnelHello.TryParse(new byte[length], out _));

    [Fact]
    public void Open_RoundTripsIPv6Addresses_AndRejectsTruncation()
    {
        // Arrange
        var open = new TunnelOpen(TunnelNetwork.Udp, Guid.NewGuid(), "[2001:db8::1]:40000", "[::]:53");
        var payload = open.ToPayload();

        // Act
        var ok = TunnelOpen.TryParse(payload, out var parsed);
        var truncated = TunnelOpen.TryParse(payload.AsSpan(0, payload.Length - 1), out _);

        // Assert
        Assert.True(ok);
        Assert.Equal(open, parsed);
        Assert.False(truncated);
    }

    [Fact]
    public void Refusal_RoundTripsReasonAndMessage()
    {
        Assert.True(TunnelRefusal.TryParse(new TunnelRefusal(TunnelRefusalReason.BadKey, "wrong tunnel key").ToPayload(), out var refusal));
        Assert.Equal(TunnelRefusalReason.BadKey, refusal.Reason);
        Assert.Equal("wrong tunnel key", refusal.Message);
    }
}
