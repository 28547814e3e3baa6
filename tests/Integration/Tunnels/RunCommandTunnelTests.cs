using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RelayWeb.IntegrationTests.Engine.Infrastructure;
using RelayWeb.IntegrationTests.Tunnels.Infrastructure;

namespace RelayWeb.IntegrationTests.Tunnels;

/// <summary>
/// <c>relay run "server://..."</c> and <c>relay run "client://KEY@..."</c> as NodePass's commands: real processes, a
/// generated key printed once, and a server killed with SIGKILL then started again.
/// </summary>
public sealed partial class RunCommandTunnelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-run-tunnel-").FullName;

    [Fact]
    public async Task ServerAndClient_GeneratedKey_EchoThenSurviveAServerKill()
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        var tunnelPort = TunnelFailureTests.FreePort();
        var publicPort = TunnelFailureTests.FreePort();
        string[] serverArgs(string url) => ["run", url, "--data-dir", Path.Combine(_directory, "server")];
        using var server = Tunnels.Infrastructure.RelayProcess.Start(serverArgs($"server://127.0.0.1:{tunnelPort}/127.0.0.1:{publicPort}?tls=1&mode=1&log=debug"));
        var keyLine = await server.WaitForLineAsync("generated tunnel key");
        var key = KeyPattern().Match(keyLine).Groups[1].Value;
        await server.WaitForLineAsync("waiting for a client");
        var clientUrl = $"client://{key}@127.0.0.1:{tunnelPort}/{echo.Address}?mode=2&min=2";
        // The client's reconnect backoff is capped at 1 s (default 30 s): otherwise recovery also measures how far the
        // backoff had grown while the restarted server was starting, which on a loaded machine exceeded the bound below.
        var fastReconnect = new Dictionary<string, string> { ["RelayEngine__Tunnels__ReconnectMaxDelay"] = "00:00:01" };
        using var client = Tunnels.Infrastructure.RelayProcess.StartWith(fastReconnect, "run", clientUrl, "--data-dir", Path.Combine(_directory, "client"));
        await client.WaitForLineAsync("connected to server");
        var user = new IPEndPoint(IPAddress.Loopback, publicPort);

        // Act
        var first = await EchoAsync(user);
        server.Kill();
        await client.WaitForLineAsync("reconnecting in");
        using var restarted = Tunnels.Infrastructure.RelayProcess.Start(serverArgs($"server://{key}@127.0.0.1:{tunnelPort}/127.0.0.1:{publicPort}?tls=1&mode=1"));
        await restarted.WaitForLineAsync("server listening on");
        var since = DateTime.UtcNow; // the client's part of the recovery: not the restarted process's start-up
        await restarted.WaitForLineAsync("connected (session");
        var second = await EchoAsync(user);
        var recovered = DateTime.UtcNow - since;

        // Assert
        Assert.Equal(32, key.Length);
        Assert.Single(server.Lines, l => l.Contains(key, StringComparison.Ordinal) && !l.Contains("client://", StringComparison.Ordinal)); // printed once
        Assert.DoesNotContain(client.Lines, l => l.Contains(key, StringComparison.Ordinal)); // the client never echoes the key
        Assert.Equal("ping"u8.ToArray(), first);
        Assert.Equal("ping"u8.ToArray(), second);
        Assert.True(recovered < TimeSpan.FromSeconds(15), $"recovered in {recovered}");
        Assert.Contains(client.Lines, l => l.Contains("[new] tcp", StringComparison.Ordinal) && l.Contains("relay run-1:client", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientModeOne_IsASingleEndForward()
    {
        // Arrange: a TCP and a UDP echo on one address
        await using var echo = await TcpUdpEcho.StartAsync();
        var port = TunnelFailureTests.FreePort();

        // Act
        using var client = Tunnels.Infrastructure.RelayProcess.Start("run", $"client://127.0.0.1:{port}/{echo.Address}?mode=1", "--data-dir", Path.Combine(_directory, "single"));
        await client.WaitForLineAsync($"tcp://127.0.0.1:{port}");
        var udpLine = await client.WaitForLineAsync($"udp://127.0.0.1:{port}");
        var reply = await EchoAsync(new IPEndPoint(IPAddress.Loopback, port));
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var udpReply = await UdpEcho.RoundTripAsync(udp, new IPEndPoint(IPAddress.Loopback, port), "hello"u8.ToArray());

        // Assert: single-end forwarding relays TCP and UDP to the same target
        Assert.Equal("ping"u8.ToArray(), reply);
        Assert.Contains(echo.Address, udpLine);
        Assert.Equal("hello"u8.ToArray(), udpReply);
    }

    private static async Task<byte[]> EchoAsync(IPEndPoint endPoint)
    {
        using var socket = await SocketTestExtensions.ConnectAsync(endPoint);
        await socket.SendAllAsync("ping"u8.ToArray());
        return await socket.ReadExactlyAsync(4);
    }

    [GeneratedRegex(@"not stored\): (\S+)")]
    private static partial Regex KeyPattern();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
