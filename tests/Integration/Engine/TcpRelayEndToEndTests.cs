using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Transport;
using RelayWeb.IntegrationTests.Engine.Infrastructure;

namespace RelayWeb.IntegrationTests.Engine;

public abstract class TcpRelayEndToEndTests
{
    /// <summary>The TCP data path under test: every test here runs on the epoll loops and on System.Net.Sockets.</summary>
    protected abstract TcpTransport Transport { get; }

    [Fact]
    public async Task Echo_TenMegabytes_ArrivesIntactBothWaysAndLedgerCountsExactBytes()
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("web", echo.Address)], configure: o => o.TcpTransport = Transport);
        var payload = RandomNumberGenerator.GetBytes(10 * 1024 * 1024);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("web"));
        var reading = client.ReadToEndAsync();
        await client.SendAllAsync(payload);
        client.Shutdown(SocketShutdown.Send);
        var echoed = await reading;

        // Assert
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(echoed));
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => !r.IsOpen), "the connection is closed in the ledger");
        var record = Assert.Single(engine.Ledger!.Records);
        Assert.Equal(payload.Length, record.BytesUp);
        Assert.Equal(payload.Length, record.BytesDown);
        Assert.Equal(CloseReason.ClientClosed, record.CloseReason);
        Assert.Equal("tcp", record.Network);
        Assert.Equal(echo.Address, record.Target);
        Assert.Equal(client.LocalEndPoint!.ToString(), record.Source);
        Assert.Empty(engine.Logs.Lines); // a healthy relay warns about nothing (the epoll path once logged a bogus "accept failed")
    }

    [Fact]
    public async Task ThousandConcurrentConnections_AllEchoAndAllAreInTheSqliteLedgerWithExactBytes()
    {
        // Arrange
        const int count = 1000;
        await using var echo = new TcpEchoServer();
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("many", echo.Address)], sqliteLedger: true, configure: o => o.TcpTransport = Transport);
        var relay = engine.EndPointOf("many");

        // Act: all connections open at once, then each sends a different-sized payload and half-closes.
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => SocketTestExtensions.ConnectAsync(relay)));
        await Eventually.UntilAsync(() => engine.Relay("many").ActiveConnections == count, "all connections are open at once");
        var results = await Task.WhenAll(clients.Select(async (client, i) =>
        {
            var payload = RandomNumberGenerator.GetBytes(100 + i);
            var reading = client.ReadToEndAsync();
            await client.SendAllAsync(payload);
            client.Shutdown(SocketShutdown.Send);
            var echoed = await reading;
            var source = client.LocalEndPoint!.ToString()!;
            client.Dispose();
            return (Source: source, Sent: payload, Echoed: echoed);
        }));

        // Assert
        Assert.All(results, r => Assert.Equal(r.Sent, r.Echoed));
        var factory = engine.Services.GetRequiredService<IDbContextFactory<RelayDbContext>>();
        await Eventually.UntilAsync(async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            return await db.Connections.CountAsync(c => !c.IsOpen) == count;
        }, "every connection is closed in the ledger", TestTimeouts.Long);
        await using (var db = await factory.CreateDbContextAsync())
        {
            var rows = await db.Connections.ToDictionaryAsync(c => c.Source);
            Assert.Equal(count, rows.Count);
            foreach (var (source, sent, _) in results)
            {
                var row = rows[source];
                Assert.Equal(sent.Length, row.BytesUp);
                Assert.Equal(sent.Length, row.BytesDown);
                Assert.Equal("client_closed", row.CloseReason);
                Assert.Equal("many", row.RelayId);
            }
        }
    }

    [Fact]
    public async Task Failover_FirstTargetRefuses_ConnectsToSecondTarget()
    {
        // Arrange: a port with nothing listening refuses at once.
        var dead = DeadPort();
        await using var echo = new TcpEchoServer();
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("fo", dead, echo.Address)], configure: o => o.TcpTransport = Transport);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("fo"));
        await client.SendAllAsync("ping"u8.ToArray());
        var reply = await client.ReadExactlyAsync(4);

        // Assert
        Assert.Equal("ping"u8.ToArray(), reply);
        Assert.Equal(1, echo.Accepted);
        Assert.Contains(engine.Connections.GetOpenConnections(), c => c.Target == echo.Address);
    }

    [Fact]
    public async Task RoundRobin_SpreadsConnectionsAcrossTargets()
    {
        // Arrange
        await using var a = new TcpEchoServer();
        await using var b = new TcpEchoServer();
        var config = EngineHost.Tcp("rr", a.Address, b.Address) with { Strategy = TargetStrategy.RoundRobin };
        await using var engine = await EngineHost.StartAsync([config], configure: o => o.TcpTransport = Transport);

        // Act
        for (var i = 0; i < 6; i++)
        {
            using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("rr"));
            await client.SendAllAsync(new byte[] { 1 });
            await client.ReadExactlyAsync(1);
        }

        // Assert
        Assert.Equal(3, a.Accepted);
        Assert.Equal(3, b.Accepted);
    }

    [Fact]
    public async Task AllTargetsDown_ClientIsClosedAndLedgerSaysConnectFailed()
    {
        // Arrange
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("down", DeadPort())], configure: o => o.TcpTransport = Transport);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("down"));

        // Assert
        Assert.True(await client.SeesCloseAsync());
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => r.CloseReason == CloseReason.ConnectFailed), "the ledger records connect_failed");
        Assert.Equal(1, engine.Relay("down").FailedConnections);
    }

    [Fact]
    public async Task MaxConnections_ExcessConnectionIsRefusedCountedAndRecorded()
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("lim", echo.Address) with { MaxConnections = 2 }], configure: o => o.TcpTransport = Transport);
        var relay = engine.EndPointOf("lim");
        using var first = await SocketTestExtensions.ConnectAsync(relay);
        using var second = await SocketTestExtensions.ConnectAsync(relay);
        await Eventually.UntilAsync(() => engine.Relay("lim").ActiveConnections == 2, "two connections are open");

        // Act
        using var third = await SocketTestExtensions.ConnectAsync(relay);

        // Assert
        Assert.True(await third.SeesCloseAsync());
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => r.CloseReason == CloseReason.RefusedByLimit), "the refusal is in the ledger");
        Assert.Equal(1, engine.Relay("lim").RefusedConnections);
        await first.SendAllAsync(new byte[] { 7 });
        Assert.Equal(new byte[] { 7 }, await first.ReadExactlyAsync(1));
    }

    [Fact]
    public async Task IdleTimeout_QuietConnectionIsClosedWithIdleTimeout()
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("idle", echo.Address) with { IdleTimeout = TimeSpan.FromMilliseconds(500) }], configure: o => o.TcpTransport = Transport);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("idle"));
        await client.SendAllAsync(new byte[] { 1, 2, 3 });
        await client.ReadExactlyAsync(3);

        // Assert
        Assert.True(await client.SeesCloseAsync());
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => r.CloseReason == CloseReason.IdleTimeout), "the ledger records idle_timeout");
    }

    [Fact]
    public async Task CloseConnection_ByAdmin_BothSocketsCloseAndLedgerSaysClosedByAdmin()
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("adm", echo.Address)], configure: o => o.TcpTransport = Transport);
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("adm"));
        await client.SendAllAsync(new byte[] { 9 });
        await client.ReadExactlyAsync(1);
        var open = Assert.Single(engine.Connections.GetOpenConnections());

        // Act
        var result = engine.Connections.CloseConnection(open.Id);

        // Assert
        Assert.Equal(CloseConnectionResult.Closed, result);
        Assert.True(await client.SeesCloseAsync());
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => r.Id == open.Id && r.CloseReason == CloseReason.ClosedByAdmin), "the ledger records closed_by_admin");
        Assert.Equal(CloseConnectionResult.NotFound, engine.Connections.CloseConnection(open.Id));
    }

    [Theory]
    [InlineData("[::1]:0", "127.0.0.1")]
    [InlineData("127.0.0.1:0", "::1")]
    [InlineData("[::]:0", "::1")]
    public async Task Ipv6_OnEitherSide_EchoesAndRecordsBothEndpoints(string listen, string targetAddress)
    {
        // Arrange
        await using var echo = new TcpEchoServer(IPAddress.Parse(targetAddress));
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("v6", echo.Address) with { Listen = listen }], configure: o => o.TcpTransport = Transport);
        var bound = engine.EndPointOf("v6");
        var connectTo = bound.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Loopback, bound.Port) : bound;

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(connectTo);
        await client.SendAllAsync("six"u8.ToArray());
        var reply = await client.ReadExactlyAsync(3);
        client.Shutdown(SocketShutdown.Send);
        Assert.True(await client.SeesCloseAsync());

        // Assert
        Assert.Equal("six"u8.ToArray(), reply);
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => !r.IsOpen), "the connection is closed in the ledger");
        var record = engine.Ledger!.Records.Last(r => !r.IsOpen);
        Assert.Equal(client.LocalEndPoint!.ToString(), record.Source);
        Assert.Equal(echo.Address, record.Target);
        Assert.Equal(3, record.BytesUp);
        Assert.Equal(3, record.BytesDown);
    }

    [Fact]
    public async Task DnsNameTarget_IsResolvedPerConnectionAndRecordedAsGiven()
    {
        // Arrange: "localhost" prefers its IPv4 address, where the echo server listens.
        await using var echo = new TcpEchoServer();
        var target = $"localhost:{echo.EndPoint.Port}";
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("dns", target)], configure: o => o.TcpTransport = Transport);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("dns"));
        await client.SendAllAsync("name"u8.ToArray());
        var reply = await client.ReadExactlyAsync(4);

        // Assert
        Assert.Equal("name"u8.ToArray(), reply);
        Assert.Contains(engine.Connections.GetOpenConnections(), c => c.Target == target);
    }

    [Fact]
    public async Task UnknownDnsName_IsAConnectFailure()
    {
        // Arrange: .invalid never resolves (RFC 6761).
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("nx", "no-such-host.invalid:80")], configure: o => o.TcpTransport = Transport);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("nx"));

        // Assert
        Assert.True(await client.SeesCloseAsync());
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => r.CloseReason == CloseReason.ConnectFailed), "the ledger records connect_failed");
        Assert.Equal(1, engine.Relay("nx").FailedConnections);
    }

    [Fact]
    public async Task Stop_LetsABusyConnectionFinishWithinTheDrainTimeout()
    {
        // Arrange: a connection that is still sending when its relay stops.
        await using var echo = new TcpEchoServer();
        var relay = EngineHost.Tcp("drain", echo.Address);
        await using var engine = await EngineHost.StartAsync([relay], configure: o => { o.TcpTransport = Transport; o.DrainTimeout = TimeSpan.FromSeconds(10); });
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("drain"));
        await client.SendAllAsync("before"u8.ToArray());
        await client.ReadExactlyAsync(6);

        // Act: stop in the background, keep using the connection, then end it.
        var stopping = engine.UpdateAsync(relay with { Enabled = false });
        await Eventually.UntilAsync(() => engine.Relay("drain").BoundEndPoint is null || engine.Relay("drain").Status != RelayEngine.Model.RelayStatus.Running,
            "the relay stops listening");
        await client.SendAllAsync("after"u8.ToArray());
        var after = await client.ReadExactlyAsync(5);
        client.Shutdown(SocketShutdown.Send);
        Assert.True(await client.SeesCloseAsync());
        await stopping;

        // Assert: the connection ended as the client ended it, not as the stop would have.
        Assert.Equal("after"u8.ToArray(), after);
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => !r.IsOpen), "the connection is closed in the ledger");
        Assert.Equal(CloseReason.ClientClosed, engine.Ledger!.Records.Last(r => !r.IsOpen).CloseReason);
    }

    [Fact]
    public void DataPath_IsTheOneUnderTest()
    {
        // Guards the split: on Linux the Epoll variant must really run on the epoll loops, the Sockets variant must not.
        var usesEpoll = Transport == TcpTransport.Epoll && OperatingSystem.IsLinux();
        using var factory = new RelayListenerFactory(null!, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
            Microsoft.Extensions.Options.Options.Create(new RelayEngineOptions { TcpTransport = Transport }));
        Assert.Equal(usesEpoll, factory.UsesEpoll);
    }

    [Fact]
    public async Task ConnectTimeout_TargetThatNeverAnswers_IsGivenUpAndTheNextTargetServes()
    {
        // Arrange
        using var silent = new SilentTcpTarget();
        await using var echo = new TcpEchoServer();
        var config = EngineHost.Tcp("slow", silent.Address, echo.Address) with { ConnectTimeout = TimeSpan.FromMilliseconds(300) };
        await using var engine = await EngineHost.StartAsync([config], configure: o => o.TcpTransport = Transport);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("slow"));
        await client.SendAllAsync("late"u8.ToArray());
        var reply = await client.ReadExactlyAsync(4);

        // Assert
        Assert.Equal("late"u8.ToArray(), reply);
        Assert.Equal(1, echo.Accepted);
        Assert.Contains(engine.Connections.GetOpenConnections(), c => c.Target == echo.Address);
    }

    [Fact]
    public async Task CloseConnection_WhileConnecting_EndsAtOnceAsClosedByAdminAndTriesNoFurtherTarget()
    {
        // Arrange: the first target hangs (10 s connect timeout), the second would answer.
        using var silent = new SilentTcpTarget();
        await using var echo = new TcpEchoServer();
        var config = EngineHost.Tcp("hang", silent.Address, echo.Address) with { ConnectTimeout = TimeSpan.FromSeconds(10) };
        await using var engine = await EngineHost.StartAsync([config], configure: o => o.TcpTransport = Transport);
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("hang"));
        await Eventually.UntilAsync(() => engine.Connections.GetOpenConnections().Count == 1, "the connection is open (connecting)");
        var connecting = Assert.Single(engine.Connections.GetOpenConnections());

        // Act
        var result = engine.Connections.CloseConnection(connecting.Id);

        // Assert
        Assert.Equal(CloseConnectionResult.Closed, result);
        var closedWithin = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await client.SeesCloseAsync());
        Assert.True(closedWithin.Elapsed < TimeSpan.FromSeconds(5), $"closed after {closedWithin.Elapsed}, not at once");
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => r.Id == connecting.Id && r.CloseReason == CloseReason.ClosedByAdmin), "the ledger records closed_by_admin");
        Assert.Equal(0, echo.Accepted);
        Assert.Equal(silent.Address, engine.Ledger!.Records.Last(r => r.Id == connecting.Id).Target);
    }

    [Fact]
    public async Task SlowReader_TargetStopsBeingReadUntilTheClientReads_AndEveryByteArrives()
    {
        // Arrange: a target that sends 16 MiB at once and closes, a client that does not read at first.
        var payload = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        using var target = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        target.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        target.Listen(1);
        var serving = Task.Run(async () =>
        {
            using var peer = await target.AcceptAsync();
            await peer.SendAllAsync(payload);
            peer.Shutdown(SocketShutdown.Send);
            await peer.ReadToEndAsync();
        });
        await using var engine = await EngineHost.StartAsync([EngineHost.Tcp("slow-reader", target.LocalEndPoint!.ToString()!)], configure: o => o.TcpTransport = Transport);
        using var client = await SocketTestExtensions.ConnectAsync(engine.EndPointOf("slow-reader"));
        client.ReceiveBufferSize = 64 * 1024;

        // Act: wait until the relay has stopped moving bytes (the client's buffers are full), then read everything.
        long stalled = 0;
        await Eventually.UntilAsync(() =>
        {
            var moved = engine.Relay("slow-reader").BytesDown;
            var still = moved > 0 && moved == stalled;
            stalled = moved;
            return still;
        }, "the relay stops reading the target while the client does not read");
        var received = await client.ReadToEndAsync();

        // Assert
        Assert.True(stalled < payload.Length, $"the relay read {stalled} of {payload.Length} bytes before the client read any");
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(received));
        client.Shutdown(SocketShutdown.Send);
        await serving.WaitAsync(TestTimeouts.Default);
        await Eventually.UntilAsync(() => engine.Ledger!.Records.Any(r => !r.IsOpen), "the connection is closed in the ledger");
        var record = engine.Ledger!.Records.Last(r => !r.IsOpen);
        Assert.Equal(payload.Length, record.BytesDown);
        Assert.Equal(CloseReason.TargetClosed, record.CloseReason);
    }

    private static string DeadPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return probe.LocalEndPoint!.ToString()!; // closed again before use: connecting is refused
    }
}

public sealed class EpollTcpRelayEndToEndTests : TcpRelayEndToEndTests
{
    protected override TcpTransport Transport => TcpTransport.Epoll;
}

public sealed class SocketsTcpRelayEndToEndTests : TcpRelayEndToEndTests
{
    protected override TcpTransport Transport => TcpTransport.Sockets;
}
