using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;
using RelayEngine.Model;
using RelayWeb.IntegrationTests.Mihomo.Infrastructure;

namespace RelayWeb.IntegrationTests.Mihomo;

/// <summary>
/// The Mihomo source against a fake controller on real sockets, with the real SQLite ledger: lifecycles and metadata in
/// the ledger, traffic per interval, auth failures, reconnects, the grace period and closing through Mihomo's DELETE.
/// </summary>
public sealed class MihomoConnectionSourceTests
{
    private const string Secret = "s3cret";

    [Fact]
    public async Task Snapshots_OpenUpdateClose_LedgerRowHasMetadataAndFinalCounters()
    {
        // Arrange
        await using var controller = await FakeMihomoController.StartAsync(Secret);
        var connection = new FakeMihomoConnection { SniffHost = "www.example.com", InboundUser = "alice" };
        controller.Upsert(connection);
        await using var host = await MihomoEngineHost.StartAsync(controller, Secret);
        var id = Guid.Parse(connection.Id);

        // Act: opened (first snapshot), updated, then gone from the snapshot.
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(id, out _), "the connection is open in the engine");
        controller.SetCounters(connection.Id, 1500, 64_000);
        await Eventually.UntilAsync(async () => (await host.LedgerRowsAsync()).Any(r => r.Id == id && r.IsOpen && r.BytesDown == 64_000), "the open row is updated");
        controller.Remove(connection.Id);
        await Eventually.UntilAsync(async () => (await host.LedgerRowsAsync()).Any(r => r.Id == id && !r.IsOpen), "the row is closed");

        // Assert
        var row = Assert.Single(await host.LedgerRowsAsync());
        Assert.Equal("mihomo", row.RelayId);
        Assert.Equal("tcp", row.Network);
        Assert.Equal("192.168.1.20:51000", row.Source);
        Assert.Equal("127.0.0.1:7890", row.Listen);
        Assert.Equal("example.com:443", row.Target);
        Assert.Equal(connection.Start.UtcDateTime, row.StartUtc);
        Assert.Equal(CloseReason.TargetClosed, row.CloseReason);
        Assert.Equal(1500, row.BytesUp);
        Assert.Equal(64_000, row.BytesDown);
        var metadata = Assert.IsType<ConnectionMetadata>(row.Metadata);
        Assert.Equal("example.com", metadata.Host);
        Assert.Equal("www.example.com", metadata.SniffHost);
        Assert.Equal("curl", metadata.Process);
        Assert.Equal("/usr/bin/curl", metadata.ProcessPath);
        Assert.Equal("Socks5", metadata.Type);
        Assert.Equal("DEFAULT-MIXED", metadata.InboundName);
        Assert.Equal("alice", metadata.InboundUser);
        Assert.Equal("93.184.216.34", metadata.DestinationIp);
        Assert.Equal(443, metadata.DestinationPort);
        Assert.Equal(["HK-01", "Proxy"], metadata.Chains);
        Assert.Equal("DomainSuffix", metadata.Rule);
        Assert.Equal("example.com", metadata.RulePayload);
    }

    [Fact]
    public async Task Traffic_CountersGrowOverSeveralSnapshots_EachIntervalGetsItsDeltaNotTheTotal()
    {
        // Arrange: the connection already moved 10 000 bytes before Relay watched it.
        await using var controller = await FakeMihomoController.StartAsync(Secret);
        var connection = new FakeMihomoConnection { Upload = 10_000, Download = 20_000 };
        controller.Upsert(connection);
        await using var host = await MihomoEngineHost.StartAsync(controller, Secret);
        var id = Guid.Parse(connection.Id);
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(id, out _), "the connection is open");
        // The sampler's first look at a relay is its baseline (as for any new relay): start once it has one.
        await Eventually.UntilAsync(() => host.Traffic.GetHistory("mihomo").Count > 0, "the sampler has seen the source");

        // Act: three bursts, each one sampled before the next.
        for (var burst = 1; burst <= 3; burst++)
        {
            controller.AddTraffic(connection.Id, 1000, 2000);
            var expected = burst * 1000L;
            await Eventually.UntilAsync(() => host.Traffic.GetHistory("mihomo").Sum(p => p.BytesUp) == expected, $"burst {burst} is sampled");
        }

        // Assert
        var points = host.Traffic.GetHistory("mihomo");
        Assert.True(points.Count(p => p.BytesUp > 0) >= 3, "each burst lands in its own 1-second point");
        Assert.All(points, p => Assert.InRange(p.BytesUp, 0, 1000));
        Assert.Equal(6000, points.Sum(p => p.BytesDown));
        Assert.True(host.Connections.TryGetOpenConnection(id, out var live));
        Assert.Equal(13_000, live.BytesUp);
        Assert.Equal(26_000, live.BytesDown);
        Assert.True(host.Relays.TryGetRelay("mihomo", out var relay));
        Assert.True(relay.IsExternal);
        Assert.Equal(RelayStatus.Running, relay.Status);
        Assert.Equal(1, relay.ActiveConnections);
        Assert.Equal(3000, relay.BytesUp);
        Assert.Contains(host.Relays.GetRelays(), r => r.RelayId == "mihomo");
    }

    [Fact]
    public async Task WrongSecret_LogsRejectionAndRetries_ThenCollectsOnceAccepted()
    {
        // Arrange
        await using var controller = await FakeMihomoController.StartAsync("right");
        var connection = new FakeMihomoConnection();
        controller.Upsert(connection);

        // Act
        await using var host = await MihomoEngineHost.StartAsync(controller, "wrong");
        await Eventually.UntilAsync(() => controller.Unauthorized >= 3, "the source retries after 401");
        var rejectedLogged = host.Logs.Contains(LogLevel.Warning, "Mihomo rejected the secret (HTTP 401)");
        var faulted = host.Relays.TryGetRelay("mihomo", out var relay) ? relay : null;
        controller.Secret = "wrong"; // the operator fixes Mihomo's side
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(Guid.Parse(connection.Id), out _), "the connection is collected");

        // Assert
        Assert.True(rejectedLogged);
        Assert.Equal(RelayStatus.Faulted, faulted?.Status);
        Assert.Contains("401", faulted?.StatusReason);
        Assert.True(host.Relays.TryGetRelay("mihomo", out var running) && running.Status == RelayStatus.Running);
    }

    [Fact]
    public async Task ControllerDown_ReconnectsWithGrowingBackoff_NextSnapshotDecidesKnownConnections()
    {
        // Arrange
        await using var controller = await FakeMihomoController.StartAsync(Secret);
        var gone = new FakeMihomoConnection();
        controller.Upsert(gone);
        await using var host = await MihomoEngineHost.StartAsync(controller, Secret);
        var goneId = Guid.Parse(gone.Id);
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(goneId, out _), "the first connection is open");
        controller.SetCounters(gone.Id, 300, 400);
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(goneId, out var c) && c.BytesUp == 300, "its counters arrive");

        // Act: Mihomo goes away; meanwhile one connection closes and another opens; Mihomo comes back.
        await controller.StopAsync();
        await Eventually.UntilAsync(() => RetryDelays(host).Count >= 4, "several reconnect attempts fail");
        var keptWhileAway = host.Connections.TryGetOpenConnection(goneId, out _);
        controller.Remove(gone.Id);
        var arrived = new FakeMihomoConnection { Host = "api.example.org" };
        controller.Upsert(arrived);
        await controller.RestartAsync();
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(Guid.Parse(arrived.Id), out _), "the new connection is collected after reconnecting");
        await Eventually.UntilAsync(async () => (await host.LedgerRowsAsync()).Any(r => r.Id == goneId && !r.IsOpen), "the vanished one is closed");

        // Assert
        Assert.True(keptWhileAway, "known connections stay open while the controller is away");
        Assert.True(host.Logs.Contains(LogLevel.Warning, "Lost the Mihomo controller"));
        Assert.True(host.Logs.Contains(LogLevel.Warning, "Cannot reach the Mihomo controller"));
        var delays = RetryDelays(host);
        // Equal jitter: the n-th consecutive failure waits between d/2 and d, d = min(400, 50·2^n) ms. Failure 0 is the
        // lost session (logged as such); the unreachable attempts after it are failures 1, 2, 3...
        for (var k = 0; k < 4; k++)
        {
            var ceiling = Math.Min(400, 50 * (1 << (k + 1)));
            Assert.InRange(delays[k], ceiling / 2, ceiling);
        }
        var closed = (await host.LedgerRowsAsync()).Single(r => r.Id == goneId);
        Assert.Equal(CloseReason.TargetClosed, closed.CloseReason);
        Assert.Equal(300, closed.BytesUp);
        Assert.Equal(400, closed.BytesDown);
    }

    [Fact]
    public async Task ControllerAwayPastGracePeriod_KnownConnectionsClosedWithLastCounters()
    {
        // Arrange
        await using var controller = await FakeMihomoController.StartAsync(Secret);
        var connection = new FakeMihomoConnection();
        controller.Upsert(connection);
        await using var host = await MihomoEngineHost.StartAsync(controller, Secret, o => o.GracePeriod = TimeSpan.FromMilliseconds(500));
        var id = Guid.Parse(connection.Id);
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(id, out _), "the connection is open");
        controller.SetCounters(connection.Id, 700, 900);
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(id, out var c) && c.BytesDown == 900, "its counters arrive");

        // Act
        await controller.StopAsync();
        await Eventually.UntilAsync(async () => (await host.LedgerRowsAsync()).Any(r => r.Id == id && !r.IsOpen), "the connection is closed");

        // Assert
        var row = Assert.Single(await host.LedgerRowsAsync());
        Assert.Equal(CloseReason.SourceLost, row.CloseReason);
        Assert.Equal(700, row.BytesUp);
        Assert.Equal(900, row.BytesDown);
        Assert.True(host.Logs.Contains(LogLevel.Warning, "stayed away longer than the 0.5 s grace period"));
        Assert.Empty(host.Connections.GetOpenConnections("mihomo"));
    }

    [Fact]
    public async Task CloseConnection_ThroughConnectionLookup_SendsDeleteWithBearerAndRecordsClosedByAdmin()
    {
        // Arrange
        await using var controller = await FakeMihomoController.StartAsync(Secret);
        var keep = new FakeMihomoConnection();
        var close = new FakeMihomoConnection { Host = "ads.example.net" };
        controller.Upsert(keep);
        controller.Upsert(close);
        await using var host = await MihomoEngineHost.StartAsync(controller, Secret);
        var closeId = Guid.Parse(close.Id);
        await Eventually.UntilAsync(() => host.Connections.GetOpenConnections("mihomo").Count == 2, "both connections are open");

        // Act
        var result = host.Connections.CloseConnection(closeId);
        await Eventually.UntilAsync(async () => (await host.LedgerRowsAsync()).Any(r => r.Id == closeId && !r.IsOpen), "the closed connection's row is closed");

        // Assert
        Assert.Equal(CloseConnectionResult.Closed, result);
        Assert.Equal([close.Id], controller.DeletedIds);
        Assert.Contains("header", controller.Authorizations);  // DELETE: Authorization: Bearer
        Assert.Contains("token", controller.Authorizations);   // WebSocket: ?token= (checked first by Mihomo)
        var row = (await host.LedgerRowsAsync()).Single(r => r.Id == closeId);
        Assert.Equal(CloseReason.ClosedByAdmin, row.CloseReason);
        Assert.True(host.Connections.TryGetOpenConnection(Guid.Parse(keep.Id), out _));
    }

    [Fact]
    public async Task MalformedFrame_LoggedAndReconnected_ConnectionsKept()
    {
        // Arrange
        await using var controller = await FakeMihomoController.StartAsync(Secret);
        var connection = new FakeMihomoConnection();
        controller.Upsert(connection);
        await using var host = await MihomoEngineHost.StartAsync(controller, Secret);
        var id = Guid.Parse(connection.Id);
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(id, out _), "the connection is open");
        var handshakes = controller.Handshakes;

        // Act
        controller.SendNextFrame("{\"connections\": [ {\"id\": ");
        await Eventually.UntilAsync(() => controller.Handshakes > handshakes, "the source reconnects");
        controller.SetCounters(connection.Id, 42, 43);
        await Eventually.UntilAsync(() => host.Connections.TryGetOpenConnection(id, out var c) && c.BytesUp == 42, "snapshots resume");

        // Assert
        Assert.True(host.Logs.Contains(LogLevel.Warning, "sent a malformed snapshot"));
        Assert.DoesNotContain(await host.LedgerRowsAsync(), r => !r.IsOpen);
    }

    [Fact]
    public async Task HostRestart_OpenRowsResumed_SnapshotContinuesOrClosesThem()
    {
        // Arrange: a first run sees two connections, then stops while both are open in Mihomo.
        await using var controller = await FakeMihomoController.StartAsync(Secret);
        var continues = new FakeMihomoConnection();
        var ends = new FakeMihomoConnection();
        controller.Upsert(continues);
        controller.Upsert(ends);
        var dataDir = Directory.CreateTempSubdirectory("relay-mihomo-restart-").FullName;
        var first = await MihomoEngineHost.StartAsync(controller, Secret, dataDir: dataDir);
        await Eventually.UntilAsync(() => first.Connections.GetOpenConnections("mihomo").Count == 2, "both are open");
        controller.SetCounters(continues.Id, 100, 200);
        controller.SetCounters(ends.Id, 500, 600);
        await Eventually.UntilAsync(() => first.Connections.GetOpenConnections("mihomo").Sum(c => c.BytesUp) == 600, "counters arrive");
        await first.StopAsync();
        await first.DisposeAsync();
        var leftOpen = await OpenRowCountAsync(dataDir);

        // Act: while Relay was down, one connection ended and the other moved more bytes.
        controller.Remove(ends.Id);
        controller.SetCounters(continues.Id, 1100, 2200);
        await using var second = await MihomoEngineHost.StartAsync(controller, Secret, dataDir: dataDir);
        var endsId = Guid.Parse(ends.Id);
        await Eventually.UntilAsync(async () => (await second.LedgerRowsAsync()).Any(r => r.Id == endsId && !r.IsOpen), "the ended connection is closed");
        await Eventually.UntilAsync(() => second.Connections.TryGetOpenConnection(Guid.Parse(continues.Id), out var c) && c.BytesUp == 1100, "the other continues");

        // Assert
        Assert.Equal(2, leftOpen);
        Assert.True(second.Logs.Lines.Any(l => l.EventId.Id == 1433), "resumed rows are logged");
        var ended = (await second.LedgerRowsAsync()).Single(r => r.Id == endsId);
        Assert.Equal(CloseReason.TargetClosed, ended.CloseReason);
        Assert.Equal(500, ended.BytesUp);
        Assert.True(second.Relays.TryGetRelay("mihomo", out var relay));
        Assert.Equal(0, relay.BytesUp); // bytes moved while Relay was down are in the totals, not in this run's traffic
        await second.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }

    private static List<long> RetryDelays(MihomoEngineHost host) =>
        host.Logs.Lines
            .Where(l => l.Category.EndsWith("MihomoConnectionSource", StringComparison.Ordinal) && l.EventId.Id is 1403)
            .Select(l => long.Parse(Regex.Match(l.Message, @"Retrying in (\d+) ms").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    private static async Task<int> OpenRowCountAsync(string dataDir)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDir, "relay.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM connections WHERE RelayId = 'mihomo' AND IsOpen = 1";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
