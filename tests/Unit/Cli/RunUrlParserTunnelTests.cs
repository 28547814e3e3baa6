using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;
using RelayWeb.Cli;

namespace RelayWeb.UnitTests.Cli;

public sealed class RunUrlParserTunnelTests
{
    [Fact]
    public void Server_WithKeyAndNodePassParameters_BuildsTheServerEnd()
    {
        // Act
        var ok = RunUrlParser.TryParseRun("server://s3cr%40t-key-0123456789@:10101/127.0.0.1:8080?tls=2&crt=/etc/t.crt&key=/etc/t.key&max=512&mode=1&read=30s&rate=100&proxy=1&slot=50&log=debug",
            0, out var spec, out var error);

        // Assert
        Assert.True(ok, error);
        var tunnel = Assert.IsType<TunnelConfig>(spec.Tunnel);
        Assert.Equal("run-1", tunnel.TunnelId);
        Assert.Equal(TunnelRole.Server, tunnel.Role);
        Assert.Equal("s3cr@t-key-0123456789", tunnel.Key); // user-info is percent-decoded
        Assert.Equal(":10101", tunnel.TunnelAddress);
        Assert.Equal(["127.0.0.1:8080"], tunnel.Targets);
        Assert.Equal(TunnelTlsMode.Certificate, tunnel.Tls);
        Assert.Equal(("/etc/t.crt", "/etc/t.key"), (tunnel.CertificatePath, tunnel.PrivateKeyPath)); // NodePass's key= is the TLS key file
        Assert.Equal(512, tunnel.MaxPool);
        Assert.Equal(TunnelFlow.Reverse, tunnel.Flow);
        Assert.Equal(TimeSpan.FromSeconds(30), tunnel.IdleTimeout);
        Assert.Equal(100, tunnel.RateLimitMbps);
        Assert.True(tunnel.ProxyProtocol);
        Assert.Equal(50, tunnel.MaxConnections);
        Assert.Equal(LogLevel.Debug, spec.LogLevel);
        Assert.False(spec.KeyGenerated);
        Assert.DoesNotContain("s3cr", spec.DisplayUrl);
        Assert.Empty(TunnelConfigValidator.Validate(tunnel));
    }

    [Fact]
    public void Server_WithoutKey_GetsAGeneratedOne()
    {
        Assert.True(RunUrlParser.TryParseRun("server://:10101/127.0.0.1:8080?tls=1", 2, out var spec, out _));
        Assert.True(spec.KeyGenerated);
        Assert.Equal(32, spec.Tunnel!.Key.Length);
        Assert.Equal("run-3", spec.Tunnel.TunnelId);
        Assert.Equal(TunnelFlow.Auto, spec.Tunnel.Flow);
    }

    [Fact]
    public void Client_ModeTwo_IsTheTunnelClientWithItsTargetsAndStrategy()
    {
        // Act
        var ok = RunUrlParser.TryParseRun("client://k3y-0123456789abcdef@server.example:10101/127.0.0.1:8080,127.0.0.1:8081?mode=2&min=16&strategy=round-robin", 0, out var spec, out var error);

        // Assert
        Assert.True(ok, error);
        var tunnel = spec.Tunnel!;
        Assert.Equal(TunnelRole.Client, tunnel.Role);
        Assert.Equal("server.example:10101", tunnel.TunnelAddress);
        Assert.Equal(16, tunnel.MinPool);
        Assert.Equal(TargetStrategy.RoundRobin, tunnel.Strategy);
        Assert.Equal(2, tunnel.Targets.Count);
        Assert.Empty(spec.Relays);
        Assert.False(spec.DetectClientMode);
    }

    [Fact]
    public void Client_ModeOne_IsASingleEndForwardOfTcpAndUdp()
    {
        // Act
        var ok = RunUrlParser.TryParseRun("client://127.0.0.1:1080/target.example:8080?mode=1&read=1m", 0, out var spec, out var error);

        // Assert
        Assert.True(ok, error);
        Assert.Null(spec.Tunnel);
        Assert.Equal([RelayProtocol.Tcp, RelayProtocol.Udp], spec.Relays.Select(r => r.Protocol));
        Assert.All(spec.Relays, r => Assert.Equal(("127.0.0.1:1080", "target.example:8080"), (r.Listen, r.Targets[0])));
        Assert.All(spec.Relays, r => Assert.Equal(TimeSpan.FromMinutes(1), r.IdleTimeout));
    }

    [Fact]
    public void Client_ModeZero_CarriesBothChoicesForTheStartToDecide()
    {
        Assert.True(RunUrlParser.TryParseRun("client://key-0123456789abcdef@127.0.0.1:10101/127.0.0.1:8080", 0, out var spec, out _));
        Assert.True(spec.DetectClientMode);
        Assert.NotNull(spec.Tunnel);
        Assert.Equal(2, spec.Relays.Count);
    }

    [Theory]
    [InlineData("client://server.example:10101/127.0.0.1:8080?mode=2", "needs the tunnel key")]
    [InlineData("server://k@:10101/127.0.0.1:8080?tls=2", "tls=2 needs crt")]
    [InlineData("server://k@:10101/127.0.0.1:8080?tls=3", "not valid for 'tls'")]
    [InlineData("server://k@:10101/127.0.0.1:8080?bogus=1", "Unknown parameter 'bogus'")]
    [InlineData("server://k@:10101", "has no target")]
    [InlineData("client://k@h:1/127.0.0.1:8080?tls=1&mode=2", "the client learns TLS")]
    [InlineData("server://k@:10101/127.0.0.1:8080?log=chatty", "not valid for 'log'")]
    public void TryParseRun_BadTunnelUrl_SaysWhatIsWrong(string url, string expected)
    {
        Assert.False(RunUrlParser.TryParseRun(url, 0, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void TryParseRun_Forward_IsStillAForward()
    {
        Assert.True(RunUrlParser.TryParseRun("tcp://127.0.0.1:1/127.0.0.1:2", 0, out var spec, out _));
        Assert.Single(spec.Relays);
        Assert.Null(spec.Tunnel);
    }

    [Fact]
    public void Resolve_ClientModeZero_WithALocalFreeAddress_RunsSingleEnd()
    {
        // Arrange: port 0 on loopback can always be bound.
        Assert.True(RunUrlParser.TryParseRun("client://127.0.0.1:0/127.0.0.1:8080", 0, out var spec, out _));
        List<RelayConfig> relays = [];
        List<TunnelConfig> tunnels = [];

        // Act
        var ok = RunCommand.Resolve(spec, relays, tunnels, out _);

        // Assert
        Assert.True(ok);
        Assert.Equal(2, relays.Count);
        Assert.Empty(tunnels);
    }

    [Fact]
    public void Resolve_ClientModeZero_RemoteAddressWithoutKey_Fails()
    {
        Assert.True(RunUrlParser.TryParseRun("client://server.example:10101/127.0.0.1:8080", 0, out var spec, out _));
        Assert.False(RunCommand.Resolve(spec, [], [], out var error));
        Assert.Contains("needs the key", error);
    }
}
