using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayWeb.IntegrationTests.Engine.Infrastructure;
using RelayWeb.IntegrationTests.Tunnels.Infrastructure;

namespace RelayWeb.IntegrationTests.Tunnels;

/// <summary>Echo through a tunnel in both data-flow directions, TCP and UDP, with every TLS mode; both ends record it in the ledger.</summary>
public sealed class TunnelEchoTests
{
    public static TheoryData<TunnelFlow, TunnelTlsMode> Modes() => new()
    {
        { TunnelFlow.Reverse, TunnelTlsMode.None },
        { TunnelFlow.Reverse, TunnelTlsMode.SelfSigned },
        { TunnelFlow.Reverse, TunnelTlsMode.Certificate },
        { TunnelFlow.Forward, TunnelTlsMode.None },
        { TunnelFlow.Forward, TunnelTlsMode.SelfSigned },
        { TunnelFlow.Forward, TunnelTlsMode.Certificate },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Tcp_Echo_ArrivesIntactAndBothEndsRecordIt(TunnelFlow flow, TunnelTlsMode tls)
    {
        // Arrange
        using var certificate = tls == TunnelTlsMode.Certificate ? new TestCertificateFiles() : null;
        await using var echo = new TcpEchoServer();
        await using var pair = await TunnelPair.StartAsync(flow, tls, echo.Address, certificate: certificate);
        var payload = RandomNumberGenerator.GetBytes(256 * 1024);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(pair.UserEndPoint);
        var reading = client.ReadToEndAsync();
        await client.SendAllAsync(payload);
        client.Shutdown(SocketShutdown.Send);
        var echoed = await reading;

        // Assert
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(echoed));
        var source = client.LocalEndPoint!.ToString();
        var server = await ClosedRecordAsync(pair.Server, "t1:server");
        var clientSide = await ClosedRecordAsync(pair.Client, "t1:client");
        var (opening, accepting) = flow == TunnelFlow.Reverse ? (server, clientSide) : (clientSide, server);
        Assert.All(new[] { opening, accepting }, r =>
        {
            Assert.Equal("tcp", r.Network);
            Assert.Equal(source, r.Source); // the user's address, carried through the tunnel to the far end's record
            Assert.Equal(payload.Length, r.BytesUp);
            Assert.Equal(payload.Length, r.BytesDown);
            Assert.Equal(CloseReason.ClientClosed, r.CloseReason);
        });
        Assert.Equal(echo.Address, accepting.Target);
        Assert.Equal(pair.UserEndPoint.ToString(), opening.Listen);
        Assert.Equal(tls, pair.ClientEnd.Tls);
        if (tls != TunnelTlsMode.None) Assert.Equal(pair.ServerEnd.CertificateFingerprint, pair.ClientEnd.CertificateFingerprint);
        if (certificate is not null) Assert.Equal(certificate.Fingerprint, pair.ServerEnd.CertificateFingerprint);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Udp_Echo_ArrivesAndBothEndsRecordTheSession(TunnelFlow flow, TunnelTlsMode tls)
    {
        // Arrange
        using var certificate = tls == TunnelTlsMode.Certificate ? new TestCertificateFiles() : null;
        await using var echo = new UdpEcho();
        // Sessions idle out after 3 s, so each side records one closed session. Not 1 s: on a busy run the first datagram
        // waited over a second for a cold TLS tunnel, the client session expired meanwhile and the reply opened a second one.
        await using var pair = await TunnelPair.StartAsync(flow, tls, echo.Address, certificate: certificate,
            server: c => c with { IdleTimeout = TimeSpan.FromSeconds(3) }, client: c => c with { IdleTimeout = TimeSpan.FromSeconds(3) });
        using var user = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        user.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // Act
        var first = await UdpEcho.RoundTripAsync(user, pair.UserEndPoint, "hello"u8.ToArray());
        var large = RandomNumberGenerator.GetBytes(60_000);
        var second = await UdpEcho.RoundTripAsync(user, pair.UserEndPoint, large);

        // Assert
        Assert.Equal("hello"u8.ToArray(), first);
        Assert.Equal(large, second);
        var source = user.LocalEndPoint!.ToString();
        var server = await ClosedRecordAsync(pair.Server, "t1:server", "udp");
        var clientSide = await ClosedRecordAsync(pair.Client, "t1:client", "udp");
        Assert.All(new[] { server, clientSide }, r =>
        {
            Assert.Equal(source, r.Source);
            Assert.True(r.BytesUp >= 5 + 60_000, $"up {r.BytesUp}");
            Assert.True(r.BytesDown >= 5 + 60_000, $"down {r.BytesDown}");
        });
        var accepting = flow == TunnelFlow.Reverse ? clientSide : server;
        Assert.Equal(echo.Address, accepting.Target);
    }

    /// <summary>The closed record of <paramref name="relayId"/> (UDP sessions close when they idle out).</summary>
    internal static async Task<ConnectionSnapshot> ClosedRecordAsync(EngineHost host, string relayId, string network = "tcp")
    {
        await Eventually.UntilAsync(() => host.Ledger!.Records.Any(r => r.RelayId == relayId && r.Network == network && !r.IsOpen),
            $"a closed {network} record of {relayId}");
        return host.Ledger!.Records.Single(r => r.RelayId == relayId && r.Network == network && !r.IsOpen);
    }
}
