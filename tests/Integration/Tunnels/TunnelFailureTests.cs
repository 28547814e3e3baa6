using RelayWeb.IntegrationTests.Infrastructure;
using System.Net;
using System.Net.Sockets;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Tunnels;
using RelayWeb.IntegrationTests.Engine.Infrastructure;
using RelayWeb.IntegrationTests.Tunnels.Infrastructure;

namespace RelayWeb.IntegrationTests.Tunnels;

/// <summary>Wrong keys, lost servers and certificate renewals.</summary>
public sealed class TunnelFailureTests
{
    [Fact]
    public async Task WrongKey_IsRefusedCountedAndNothingIsForwarded()
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        var serverConfig = TunnelPair.ServerConfig(TunnelFlow.Reverse, TunnelTlsMode.None, echo.Address);
        await using var server = await EngineHost.StartAsync([], tunnels: [serverConfig], tunnelOptions: o =>
        {
            TunnelPair.Fast(o);
            o.PoolWaitTimeout = TimeSpan.FromMilliseconds(500);
        });
        var tunnel = server.Tunnel(TunnelPair.Id).TunnelEndPoint!;

        // Act
        await using var client = await EngineHost.StartAsync([], tunnels: [TunnelPair.ClientConfig(TunnelFlow.Reverse, tunnel, echo.Address, key: "not-the-right-key-at-all")], tunnelOptions: TunnelPair.Fast);
        await Eventually.UntilAsync(() => server.Tunnel(TunnelPair.Id).AuthFailures >= 2, "the server refused the key twice");
        using var user = await SocketTestExtensions.ConnectAsync(IPEndPoint.Parse(server.Tunnel(TunnelPair.Id).PublicEndPoint!));
        await user.SendAllAsync("secret"u8.ToArray());
        var closed = await user.SeesCloseAsync();

        await Eventually.UntilAsync(() => client.Tunnel(TunnelPair.Id).RecentEvents.Any(e => e.Reason.Contains("Throttled", StringComparison.Ordinal)),
            "repeated failures from the address are slowed down (refused before the handshake)");

        // Assert
        var clientEnd = client.Tunnel(TunnelPair.Id);
        Assert.Equal(TunnelStatus.Reconnecting, clientEnd.Status);
        Assert.Contains(clientEnd.RecentEvents, e => e.Reason.Contains("BadKey", StringComparison.Ordinal));
        Assert.True(clientEnd.AuthFailures >= 1);
        Assert.Equal(TunnelStatus.WaitingForClient, server.Tunnel(TunnelPair.Id).Status);
        Assert.True(closed, "the user connection is closed when no data connection comes");
        Assert.Equal(0, echo.Accepted);
        var record = await TunnelEchoTests.ClosedRecordAsync(server, "t1:server");
        Assert.Equal(CloseReason.TunnelUnavailable, record.CloseReason);
        Assert.Empty(client.Ledger!.Records);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ControlChannelLost_OpenConnectionsCarryOn_ClientReconnects(bool silently)
    {
        // Arrange: the client reaches the server through a proxy; its first connection there is the control channel.
        await using var echo = new TcpEchoServer();
        var serverConfig = TunnelPair.ServerConfig(TunnelFlow.Reverse, TunnelTlsMode.SelfSigned, echo.Address);
        await using var server = await EngineHost.StartAsync([], tunnels: [serverConfig], tunnelOptions: TunnelPair.Fast);
        await using var proxy = new TcpProxy(IPEndPoint.Parse(server.Tunnel(TunnelPair.Id).TunnelEndPoint!));
        await using var client = await EngineHost.StartAsync([], tunnels: [TunnelPair.ClientConfig(TunnelFlow.Reverse, proxy.EndPoint.ToString(), echo.Address)], tunnelOptions: TunnelPair.Fast);
        await Eventually.UntilAsync(() => client.Tunnel(TunnelPair.Id) is { Status: TunnelStatus.Connected, PoolIdle: >= 4 }, "the tunnel is up with a warm pool");
        var user = IPEndPoint.Parse(server.Tunnel(TunnelPair.Id).PublicEndPoint!);
        using var open = await SocketTestExtensions.ConnectAsync(user);
        await open.SendAllAsync("before"u8.ToArray());
        await open.ReadExactlyAsync(6);

        // Act: lose the control channel (reset, or silence caught by the heartbeat); use the old connection meanwhile.
        if (silently) proxy.Freeze(0); else proxy.Cut(0);
        await Eventually.UntilAsync(() => client.Tunnel(TunnelPair.Id).Sessions == 2 && client.Tunnel(TunnelPair.Id).Status == TunnelStatus.Connected,
            "the client reconnected");
        await open.SendAllAsync("during"u8.ToArray());
        var stillOpen = await open.ReadExactlyAsync(6);
        await EchoOnceAsync(user);

        // Assert
        Assert.Equal("during"u8.ToArray(), stillOpen);
        var lost = Assert.Single(client.Tunnel(TunnelPair.Id).RecentEvents, e => e.Status == TunnelStatus.Reconnecting);
        Assert.Contains(silently ? "heartbeat timeout" : "connection", lost.Reason, StringComparison.OrdinalIgnoreCase);
        // The server lets the old session go either by noticing the loss itself (a "lost" event) or, when the client's new
        // control connection arrives first, by replacing it (no event): which comes first is a race on both paths.
        await Eventually.UntilAsync(() => server.Tunnel(TunnelPair.Id) is { Sessions: 2, Status: TunnelStatus.Connected }, "the server runs the new session");
    }

    [Fact]
    public async Task ServerStoppedAndRestarted_ClientReconnectsAndNewConnectionsWork()
    {
        // Arrange: a fixed tunnel port, so the restarted server is where the client dials.
        await using var echo = new TcpEchoServer();
        var port = FreePort();
        await using var pair = await TunnelPair.StartAsync(TunnelFlow.Reverse, TunnelTlsMode.SelfSigned, echo.Address,
            server: c => c with { TunnelAddress = $"127.0.0.1:{port}", Targets = [$"127.0.0.1:{FreePort()}"] });
        var config = TunnelPair.ServerConfig(TunnelFlow.Reverse, TunnelTlsMode.SelfSigned, echo.Address) with { TunnelAddress = $"127.0.0.1:{port}", Targets = [pair.ServerEnd.PublicEndPoint!] };
        await EchoOnceAsync(pair.UserEndPoint);

        // Act: the server goes away; the client notices and keeps retrying; the server comes back on the same port.
        await pair.Server.DisposeAsync();
        await Eventually.UntilAsync(() => pair.ClientEnd.Status == TunnelStatus.Reconnecting, "the client notices the server is gone");
        var lostReason = pair.ClientEnd.StatusReason;
        var restarted = DateTime.UtcNow;
        await pair.ReplaceServerAsync(config);
        await pair.WaitConnectedAsync();
        await EchoOnceAsync(pair.UserEndPoint);
        var recovered = DateTime.UtcNow - restarted;

        // Assert
        Assert.True(recovered < TimeSpan.FromSeconds(10), $"recovered in {recovered}");
        Assert.Equal(2, pair.ClientEnd.Sessions);
        Assert.Contains(pair.ClientEnd.RecentEvents, e => e.Status == TunnelStatus.Reconnecting);
        Assert.NotNull(lostReason);
    }

    [Fact]
    public async Task ServerRestartedOnItsDatabase_CountersIncludeTheEarlierRun()
    {
        // Arrange
        var directory = Directory.CreateTempSubdirectory("relay-tunnel-counters-").FullName;
        try
        {
            await using var echo = new TcpEchoServer();
            var port = FreePort();
            var publicPort = FreePort();
            var config = TunnelPair.ServerConfig(TunnelFlow.Reverse, TunnelTlsMode.None, echo.Address) with { TunnelAddress = $"127.0.0.1:{port}", Targets = [$"127.0.0.1:{publicPort}"] };
            await using var pair = await TunnelPair.StartAsync(TunnelFlow.Reverse, TunnelTlsMode.None, echo.Address, server: _ => config, serverDataDirectory: directory);
            await EchoOnceAsync(pair.UserEndPoint);
            await Eventually.UntilAsync(() => pair.ServerEnd is { TcpBytesUp: 4, ActiveTcpConnections: 0 }, "the first run counted the echo");

            // Act: stopping the host flushes its ledger; the new host reads it back.
            await pair.Server.DisposeAsync();
            await pair.ReplaceServerAsync(config, directory);
            await Eventually.UntilAsync(() => pair.ServerEnd.CountersRestored, "the restarted end read its earlier traffic");
            await pair.WaitConnectedAsync();
            await EchoOnceAsync(pair.UserEndPoint);

            // Assert
            await Eventually.UntilAsync(() => pair.ServerEnd is { TcpBytesUp: 8, TcpBytesDown: 8 }, "both runs' bytes are counted");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task CertificateRenewedOnDisk_IsReloadedWithoutDroppingTheTunnel()
    {
        // Arrange
        using var certificate = new TestCertificateFiles("tunnel-a");
        await using var echo = new TcpEchoServer();
        await using var pair = await TunnelPair.StartAsync(TunnelFlow.Reverse, TunnelTlsMode.Certificate, echo.Address, minPool: 2, certificate: certificate);
        var before = certificate.Fingerprint;
        using var open = await SocketTestExtensions.ConnectAsync(pair.UserEndPoint);
        await open.SendAllAsync("a"u8.ToArray());
        await open.ReadExactlyAsync(1);

        // Act
        var after = certificate.Renew("tunnel-b");
        await Eventually.UntilAsync(() => pair.ServerEnd.CertificateFingerprint == after, "the server serves the renewed certificate");
        for (var i = 0; i < 4; i++) await EchoOnceAsync(pair.UserEndPoint); // uses up the old idle connections; new ones use the new certificate
        await Eventually.UntilAsync(() => pair.ClientEnd.CertificateFingerprint == after, "the client's new data connections see the renewed certificate");
        await open.SendAllAsync("b"u8.ToArray());
        var stillOpen = await open.ReadExactlyAsync(1);

        // Assert
        Assert.NotEqual(before, after);
        Assert.Equal("b"u8.ToArray(), stillOpen); // a connection from before the renewal keeps working
        Assert.Equal(1, pair.ClientEnd.Sessions); // the control channel was never dropped
        Assert.Equal(TunnelStatus.Connected, pair.ServerEnd.Status);
    }

    [Theory]
    [InlineData(TunnelTlsMode.None)]
    [InlineData(TunnelTlsMode.SelfSigned)]
    public async Task TargetResetsMidTransfer_UserSeesAResetNotACleanEnd(TunnelTlsMode tls)
    {
        // Arrange: a target that answers part of the data, then resets (as a crashed backend would).
        using var target = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        target.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        target.Listen(16);
        var serving = Task.Run(async () =>
        {
            using var accepted = await target.AcceptAsync();
            await accepted.ReadExactlyAsync(5);
            await accepted.SendAllAsync(new byte[64 * 1024]);
            accepted.LingerState = new LingerOption(true, 0);
        });
        await using var pair = await TunnelPair.StartAsync(TunnelFlow.Reverse, tls, target.LocalEndPoint!.ToString()!);

        // Act
        using var user = await SocketTestExtensions.ConnectAsync(pair.UserEndPoint);
        await user.SendAllAsync("hello"u8.ToArray());
        await serving.WaitAsync(TestTimeouts.Default);
        var ending = await Record.ExceptionAsync(() => user.ReadToEndAsync());

        // Assert: the far end's failure crosses the tunnel as a failure; a FIN would pass a truncated stream off as complete.
        var reset = Assert.IsType<SocketException>(ending);
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    private static async Task EchoOnceAsync(IPEndPoint endPoint)
    {
        using var socket = await SocketTestExtensions.ConnectAsync(endPoint);
        await socket.SendAllAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await socket.ReadExactlyAsync(4));
    }

    internal static int FreePort() => RelayBinary.FreeTcpPort();
}
