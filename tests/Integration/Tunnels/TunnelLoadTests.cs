using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayEngine.Configuration;
using RelayWeb.IntegrationTests.Engine.Infrastructure;
using RelayWeb.IntegrationTests.Tunnels.Infrastructure;

namespace RelayWeb.IntegrationTests.Tunnels;

/// <summary>Volume through one tunnel: a large transfer checked by hash, many connections at once, and the pool adapting.</summary>
public sealed class TunnelLoadTests
{
    [Theory]
    [InlineData(TunnelTlsMode.None)]
    [InlineData(TunnelTlsMode.SelfSigned)]
    public async Task FiftyMegabytes_BothWays_HashesMatchAndLedgerCountsEveryByte(TunnelTlsMode tls)
    {
        // Arrange
        await using var echo = new TcpEchoServer();
        await using var pair = await TunnelPair.StartAsync(TunnelFlow.Reverse, tls, echo.Address);
        var payload = RandomNumberGenerator.GetBytes(50 * 1024 * 1024);

        // Act
        using var client = await SocketTestExtensions.ConnectAsync(pair.UserEndPoint);
        var reading = client.ReadToEndAsync();
        await client.SendAllAsync(payload).WaitAsync(TestTimeouts.Long);
        client.Shutdown(SocketShutdown.Send);
        var echoed = await reading.WaitAsync(TestTimeouts.Long);

        // Assert
        Assert.Equal(payload.Length, echoed.Length);
        Assert.Equal(SHA256.HashData(payload), SHA256.HashData(echoed));
        var record = await TunnelEchoTests.ClosedRecordAsync(pair.Client, "t1:client");
        Assert.Equal(payload.Length, record.BytesUp);
        Assert.Equal(payload.Length, record.BytesDown);
        Assert.Equal(payload.Length, pair.ClientEnd.TcpBytesUp);
        Assert.Equal(payload.Length, pair.ServerEnd.TcpBytesDown);
    }

    [Fact]
    public async Task FiveHundredConcurrentConnections_AllEchoAndEachIsInBothLedgers()
    {
        // Arrange
        const int count = 500;
        await using var echo = new TcpEchoServer();
        await using var pair = await TunnelPair.StartAsync(TunnelFlow.Reverse, TunnelTlsMode.None, echo.Address, minPool: 16, sqliteLedger: true);

        // Act: all connections open at once and exchange a first message, then each sends a different-sized payload.
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var socket = await SocketTestExtensions.ConnectAsync(pair.UserEndPoint);
            await socket.SendAllAsync("hi"u8.ToArray());
            Assert.Equal("hi"u8.ToArray(), await socket.ReadExactlyAsync(2));
            return socket;
        })).WaitAsync(TestTimeouts.Long);
        var openAtOnce = pair.ServerEnd.ActiveTcpConnections;
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
        })).WaitAsync(TestTimeouts.Long);

        // Assert
        Assert.Equal(count, openAtOnce);
        Assert.All(results, r => Assert.Equal(r.Sent, r.Echoed));
        foreach (var (host, relayId) in new[] { (pair.Server, "t1:server"), (pair.Client, "t1:client") })
        {
            var factory = host.Services.GetRequiredService<IDbContextFactory<RelayDbContext>>();
            await Eventually.UntilAsync(async () =>
            {
                await using var db = await factory.CreateDbContextAsync();
                return await db.Connections.CountAsync(c => c.RelayId == relayId && !c.IsOpen) == count;
            }, $"every connection is closed in the {relayId} ledger", TestTimeouts.Long);
            await using var check = await factory.CreateDbContextAsync();
            var rows = await check.Connections.Where(c => c.RelayId == relayId).ToDictionaryAsync(c => c.Source);
            Assert.All(results, r => Assert.Equal(2 + r.Sent.Length, rows[r.Source].BytesUp));
        }
        Assert.True(pair.ClientEnd.PoolCapacity > 16, $"the pool grew under load (target {pair.ClientEnd.PoolCapacity})");
    }

    [Fact]
    public async Task Pool_WarmsToMin_ThenGrowsUnderLoad()
    {
        // Arrange
        const int min = 8;
        await using var echo = new TcpEchoServer();
        await using var pair = await TunnelPair.StartAsync(TunnelFlow.Reverse, TunnelTlsMode.None, echo.Address, minPool: min);

        // Act: warm-up, then a burst of 3 × min connections at once, held open.
        await Eventually.UntilAsync(() => pair.ClientEnd.PoolIdle == min && pair.ServerEnd.PoolIdle == min, "both ends see min idle data connections");
        var warm = (Client: pair.ClientEnd, Server: pair.ServerEnd);
        var held = await Task.WhenAll(Enumerable.Range(0, 3 * min).Select(async _ =>
        {
            var socket = await SocketTestExtensions.ConnectAsync(pair.UserEndPoint);
            await socket.SendAllAsync("x"u8.ToArray());
            await socket.ReadExactlyAsync(1);
            return socket;
        }));

        // Assert
        Assert.Equal(min, warm.Client.PoolCapacity);
        Assert.True(warm.Server.PoolHits + warm.Server.PoolMisses == 0);
        await Eventually.UntilAsync(() => pair.ClientEnd.PoolCapacity > min && pair.ClientEnd.PoolIdle >= min, "the pool grew and refilled");
        var loaded = pair.ServerEnd;
        Assert.Equal(3 * min, loaded.PoolHits + loaded.PoolMisses);
        Assert.True(loaded.PoolHits >= min, $"the first {min} connections found a warm data connection (hits {loaded.PoolHits})");
        Assert.NotNull(loaded.PoolHitRate);
        foreach (var socket in held) socket.Dispose();
    }
}
