using RelayEngine.Connections;
using RelayEngine.Mihomo;
using static RelayWeb.UnitTests.Engine.Mihomo.MihomoTrackerHarness;

namespace RelayWeb.UnitTests.Engine.Mihomo;

public sealed class MihomoConnectionTrackerTests
{
    private const string IdA = "8c2b4f7e-3a1d-4c5e-9f60-1b2c3d4e5f60";
    private const string IdB = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0ff";

    [Fact]
    public async Task Apply_NewIdInFirstSnapshot_OpensWithMihomoFieldsAndCountsNoTraffic()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();

        // Act
        var result = h.Tracker.Apply(Snapshot(Connection(IdA, upload: 5000, download: 7000)));
        var point = h.NextSecond();

        // Assert
        Assert.Equal(new MihomoSnapshotResult(1, 0, 0, 1), result);
        Assert.True(h.Registry.TryGetOpenConnection(Guid.Parse(IdA), out var open));
        Assert.Equal("mihomo", open.RelayId);
        Assert.Equal("tcp", open.Network);
        Assert.Equal("192.168.1.20:51000", open.Source);
        Assert.Equal("127.0.0.1:7890", open.Listen);
        Assert.Equal("example.com:443", open.Target);
        Assert.Equal(new DateTime(2026, 11, 22, 9, 59, 30, DateTimeKind.Utc).AddTicks(1234567), open.StartUtc);
        Assert.Equal(5000, open.BytesUp);
        Assert.Equal(7000, open.BytesDown);
        Assert.Equal(["HK-01", "Proxy"], open.Metadata!.Chains);
        Assert.Equal("DomainSuffix", open.Metadata.Rule);
        Assert.Equal(0, point.BytesUp); // moved before Relay watched: in the connection's totals, not in this second's traffic
        Assert.Equal(1, h.Relay.ActiveConnections);
        var record = await h.Ledger.WaitForAsync(r => r.Id == Guid.Parse(IdA));
        Assert.Equal("example.com", record.Metadata?.Host);
    }

    [Fact]
    public async Task Apply_KnownIdInLaterSnapshots_EachIntervalGetsOnlyItsDelta()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 100, download: 1000)));
        h.NextSecond();

        // Act
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 300, download: 1500)));
        var second1 = h.NextSecond();
        var quiet = h.NextSecond();
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 350, download: 1600)));
        var second3 = h.NextSecond();

        // Assert
        Assert.Equal((200, 500), (second1.BytesUp, second1.BytesDown));
        Assert.Equal((0, 0), (quiet.BytesUp, quiet.BytesDown));
        Assert.Equal((50, 100), (second3.BytesUp, second3.BytesDown));
        Assert.True(h.Registry.TryGetOpenConnection(Guid.Parse(IdA), out var open));
        Assert.Equal((350, 1600), (open.BytesUp, open.BytesDown));
        Assert.Equal(250, h.Relay.BytesUp);
    }

    [Fact]
    public async Task Apply_NewIdAfterTheFirstSnapshot_ItsBytesCountInTheIntervalItAppeared()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot());
        h.NextSecond();

        // Act
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 64, download: 4096)));
        var point = h.NextSecond();

        // Assert
        Assert.Equal((64, 4096), (point.BytesUp, point.BytesDown));
        Assert.Equal(1, point.ConnectionsOpened);
    }

    [Fact]
    public async Task Apply_CountersGoBackwards_NoNegativeDeltaAndNewValueCountsAsBytesSinceTheReset()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 0, download: 0)));
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 1000, download: 2000)));
        h.NextSecond();

        // Act: Mihomo restarted counting.
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 300, download: 100)));
        var point = h.NextSecond();
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 350, download: 100)));
        var next = h.NextSecond();

        // Assert
        Assert.All(h.History.GetHistory("mihomo"), p => Assert.True(p.BytesUp >= 0 && p.BytesDown >= 0));
        Assert.Equal((300, 100), (point.BytesUp, point.BytesDown));
        Assert.Equal((50, 0), (next.BytesUp, next.BytesDown));
        Assert.True(h.Registry.TryGetOpenConnection(Guid.Parse(IdA), out var open));
        Assert.Equal((1350, 2100), (open.BytesUp, open.BytesDown));
    }

    [Fact]
    public async Task Apply_IdGoneFromSnapshot_CompletedWithItsLastCounters()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot(Connection(IdA, 10, 20), Connection(IdB, 1, 2)));
        h.Tracker.Apply(Snapshot(Connection(IdA, 110, 220), Connection(IdB, 1, 2)));
        h.Time.Advance(TimeSpan.FromSeconds(3));

        // Act
        var result = h.Tracker.Apply(Snapshot(Connection(IdB, 1, 2)));

        // Assert
        Assert.Equal(new MihomoSnapshotResult(0, 1, 1, 1), result);
        var closed = await h.Ledger.WaitForAsync(r => r.Id == Guid.Parse(IdA) && !r.IsOpen);
        Assert.Equal(CloseReason.TargetClosed, closed.CloseReason);
        Assert.Equal((110, 220), (closed.BytesUp, closed.BytesDown));
        Assert.Equal(h.Time.GetUtcNow().UtcDateTime, closed.EndUtc);
        Assert.Equal("DomainSuffix", closed.Metadata?.Rule);
        Assert.False(h.Registry.TryGetOpenConnection(Guid.Parse(IdA), out _));
        Assert.Equal(1, h.Relay.ActiveConnections);
    }

    [Fact]
    public async Task CloseConnection_ThroughTheLookup_RequestsDeleteOnceAndRecordsClosedByAdmin()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot(Connection(IdA, 10, 20)));

        // Act
        var result = h.Registry.CloseConnection(Guid.Parse(IdA));
        var again = h.Registry.CloseConnection(Guid.Parse(IdA));
        h.Tracker.Apply(Snapshot()); // Mihomo closed it

        // Assert
        Assert.Equal(CloseConnectionResult.Closed, result);
        Assert.Equal(CloseConnectionResult.AlreadyClosed, again);
        var request = Assert.Single(h.CloseRequests);
        Assert.Equal(IdA, request.MihomoId);
        var closed = await h.Ledger.WaitForAsync(r => r.Id == Guid.Parse(IdA) && !r.IsOpen);
        Assert.Equal(CloseReason.ClosedByAdmin, closed.CloseReason);
    }

    [Fact]
    public async Task PendingCloseRetries_DeleteFailedWhileStillListed_ReturnsOnlyAbortedOnes()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot(Connection(IdA), Connection(IdB)));
        h.Registry.CloseConnection(Guid.Parse(IdA));
        h.CloseRequests.TryDequeue(out var request);
        request!.DeleteFailed = true;

        // Act
        h.Tracker.Apply(Snapshot(Connection(IdA), Connection(IdB)));
        var retries = h.Tracker.PendingCloseRetries().ToArray();

        // Assert
        Assert.Equal([IdA], retries.Select(r => r.MihomoId));
        Assert.True(h.Registry.TryGetOpenConnection(Guid.Parse(IdA), out _), "still open while Mihomo lists it");
    }

    [Fact]
    public async Task Apply_DuplicateAndMissingIds_EachConnectionOnce()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        var noId = Connection(IdA);
        noId.Id = null;

        // Act
        var result = h.Tracker.Apply(Snapshot(Connection(IdA, 1, 1), Connection(IdA, 5, 5), noId));

        // Assert
        Assert.Equal(new MihomoSnapshotResult(1, 0, 0, 1), result);
        Assert.Single(h.Registry.GetOpenConnections("mihomo"));
    }

    [Fact]
    public async Task Apply_IdThatIsNotAUuid_TrackedUnderAStableGuid()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();

        // Act
        h.Tracker.Apply(Snapshot(Connection("conn-42", 1, 1)));
        var result = h.Tracker.Apply(Snapshot(Connection("conn-42", 2, 2)));

        // Assert
        Assert.Equal(new MihomoSnapshotResult(0, 1, 0, 1), result);
        Assert.True(MihomoConnectionMapper.TryGetId("conn-42", out var id));
        Assert.True(h.Registry.TryGetOpenConnection(id, out _));
    }

    [Fact]
    public async Task Resume_RowsLeftOpen_FirstSnapshotContinuesListedOnesAndClosesTheRest()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        var listed = Row(Guid.Parse(IdA), bytesUp: 1000, bytesDown: 2000);
        var gone = Row(Guid.Parse(IdB), bytesUp: 70, bytesDown: 80);

        // Act
        var resumed = h.Tracker.Resume([listed, gone]);
        var openAfterResume = h.Registry.GetOpenConnections("mihomo").Count;
        h.Tracker.BeginSession();
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 1500, download: 2000)));
        var point = h.NextSecond();
        h.Tracker.Apply(Snapshot(Connection(IdA, upload: 1600, download: 2000)));
        var next = h.NextSecond();

        // Assert
        Assert.Equal(2, resumed);
        Assert.Equal(2, openAfterResume);
        var closed = await h.Ledger.WaitForAsync(r => r.Id == gone.Id && !r.IsOpen);
        Assert.Equal((70, 80), (closed.BytesUp, closed.BytesDown));
        Assert.True(h.Registry.TryGetOpenConnection(listed.Id, out var open));
        Assert.Equal(1600, open.BytesUp);
        Assert.Equal(0, point.BytesUp);   // moved while Relay was down
        Assert.Equal(100, next.BytesUp);  // observed
    }

    [Fact]
    public async Task CloseAll_GracePeriodEnded_ClosedAsSourceLostWithLastCounters()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot(Connection(IdA, 5, 6)));
        h.Time.Advance(TimeSpan.FromSeconds(90));

        // Act
        var sinceLastSeen = h.Tracker.SinceLastSeen;
        var closed = h.Tracker.CloseAll(CloseReason.SourceLost);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(90), sinceLastSeen);
        Assert.Equal(1, closed);
        var record = await h.Ledger.WaitForAsync(r => r.Id == Guid.Parse(IdA) && !r.IsOpen);
        Assert.Equal(CloseReason.SourceLost, record.CloseReason);
        Assert.Equal((5, 6), (record.BytesUp, record.BytesDown));
        Assert.Equal(0, h.Tracker.Count);
        Assert.Equal(0, h.Relay.ActiveConnections);
    }

    [Fact]
    public async Task FlushAll_HostStopping_PersistsCountersAndLeavesConnectionsOpen()
    {
        // Arrange
        await using var h = new MihomoTrackerHarness();
        h.Tracker.Apply(Snapshot(Connection(IdA, 0, 0)));
        h.Tracker.Apply(Snapshot(Connection(IdA, 123, 456)));

        // Act
        h.Tracker.FlushAll();

        // Assert
        var record = await h.Ledger.WaitForAsync(r => r.Id == Guid.Parse(IdA) && r.BytesUp == 123);
        Assert.True(record.IsOpen);
        Assert.Equal(456, record.BytesDown);
    }

    private static ConnectionSnapshot Row(Guid id, long bytesUp, long bytesDown) => new()
    {
        Id = id,
        AgentId = "local",
        RelayId = "mihomo",
        Network = "tcp",
        Source = "192.168.1.20:51000",
        Listen = "127.0.0.1:7890",
        Target = "example.com:443",
        StartUtc = new DateTime(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc),
        BytesUp = bytesUp,
        BytesDown = bytesDown,
        Metadata = new ConnectionMetadata { Host = "example.com", Chains = ["DIRECT"] },
    };
}
