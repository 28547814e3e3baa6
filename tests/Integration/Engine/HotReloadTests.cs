using System.Net;
using System.Net.Sockets;
using RelayEngine.Connections;
using RelayEngine.Model;
using RelayWeb.IntegrationTests.Engine.Infrastructure;

namespace RelayWeb.IntegrationTests.Engine;

/// <summary>Relays are added, changed, stopped and removed at run time; one relay's failure never stops another.</summary>
public sealed class HotReloadTests
{
    [Fact]
    public async Task AddChangeRemove_AtRunTime_TakesEffectWithoutRestart()
    {
        // Arrange
        await using var a = new TcpEchoServer();
        await using var b = new TcpEchoServer();
        await using var engine = await EngineHost.StartAsync([]);

        // Act + Assert: add
        await engine.UpdateAsync(EngineHost.Tcp("r1", a.Address));
        await AssertEchoesAsync(engine.EndPointOf("r1"));
        Assert.Equal(1, a.Accepted);

        // change the target: new connections go to b
        await engine.UpdateAsync(EngineHost.Tcp("r1", b.Address));
        await AssertEchoesAsync(engine.EndPointOf("r1"));
        Assert.Equal(1, b.Accepted);

        // remove: the port is released
        var endPoint = engine.EndPointOf("r1");
        await engine.UpdateAsync();
        Assert.Empty(engine.Relays.GetRelays());
        await Assert.ThrowsAnyAsync<SocketException>(() => SocketTestExtensions.ConnectAsync(endPoint));
    }

    [Fact]
    public async Task PortInUse_RelayIsFaultedWithReason_AndOtherRelayKeepsWorking()
    {
        // Arrange: something else holds a port.
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen(1);
        var taken = squatter.LocalEndPoint!.ToString()!;
        await using var echo = new TcpEchoServer();

        // Act
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("good", echo.Address), EngineHost.Tcp("bad", echo.Address) with { Listen = taken }]);

        // Assert
        var bad = engine.Relay("bad");
        Assert.Equal(RelayStatus.Faulted, bad.Status);
        Assert.Contains("already in use", bad.StatusReason);
        Assert.Contains(taken, bad.StatusReason);
        Assert.Equal(RelayStatus.Running, engine.Relay("good").Status);
        await AssertEchoesAsync(engine.EndPointOf("good"));
    }

    [Fact]
    public async Task FaultedRelay_IsRetriedOnNextApply_OnceThePortIsFree()
    {
        // Arrange
        var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        squatter.Listen(1);
        var taken = squatter.LocalEndPoint!.ToString()!;
        await using var echo = new TcpEchoServer();
        var relay = EngineHost.Tcp("retry", echo.Address) with { Listen = taken };
        await using var engine = await EngineHost.StartAsync([relay]);
        Assert.Equal(RelayStatus.Faulted, engine.Relay("retry").Status);

        // Act
        squatter.Dispose();
        Assert.True(await engine.Control.RestartRelayAsync("retry"));

        // Assert
        Assert.Equal(RelayStatus.Running, engine.Relay("retry").Status);
        await AssertEchoesAsync(engine.EndPointOf("retry"));
    }

    [Fact]
    public async Task Disable_StopsListeningAndClosesOpenConnectionsWithRelayStopped()
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        var relay = EngineHost.Tcp("stop", echo.Address);
        await using var engine = await EngineHost.StartAsync([relay]);
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("stop"));
        await client.SendAllAsync(new byte[] { 1 });
        await client.ReadExactlyAsync(1);

        // Act: stop (the drain timeout in EngineHost is 1 s; the open connection is then closed)
        await engine.UpdateAsync(relay with { Enabled = false });

        // Assert
        Assert.Equal(RelayStatus.Stopped, engine.Relay("stop").Status);
        Assert.True(await client.SeesCloseAsync());
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => r.CloseReason == CloseReason.RelayStopped), "the ledger records relay_stopped");
        Assert.Null(engine.Relay("stop").BoundEndPoint);
    }

    private static async Task AssertEchoesAsync(IPEndPoint relay)
    {
        using var client = await SocketTestExtensions.ConnectAsync(relay);
        await client.SendAllAsync("abc"u8.ToArray());
        Assert.Equal("abc"u8.ToArray(), await client.ReadExactlyAsync(3));
    }
}
