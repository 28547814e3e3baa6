using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayWeb.Data;
using RelayWeb.Statistics;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Statistics;

/// <summary>The ledger writer's traffic intervals: every growth of a row's counters lands in the minute it was observed in.</summary>
public sealed class TrafficIntervalTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);
    private StatsTestData _data = null!;

    public async Task InitializeAsync() => _data = await StatsTestData.CreateAsync();

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task LongConnection_PersistedWhileOpen_BytesSpreadOverTheMinutesTheyFlowedIn()
    {
        // Arrange
        var open = LedgerSnapshots.Open(startUtc: T0.AddSeconds(5));

        // Act: the engine persists an open connection every few seconds, then its close.
        await _data.WriteAtAsync(T0.AddSeconds(5), open);
        await _data.WriteAtAsync(T0.AddSeconds(40), open with { BytesUp = 100, BytesDown = 1000 });
        await _data.WriteAtAsync(T0.AddSeconds(80), open with { BytesUp = 300, BytesDown = 3000 });
        await _data.WriteAtAsync(T0.AddSeconds(151), LedgerSnapshots.Closed(open, TimeSpan.FromSeconds(145), bytesUp: 350, bytesDown: 3500));

        // Assert
        var intervals = await _data.IntervalsAsync();
        var minute = StatsTime.ToMinute(T0);
        Assert.Equal([minute, minute + 1, minute + 2], intervals.Select(i => i.Minute));
        Assert.Equal([100L, 200, 50], intervals.Select(i => i.BytesUp));
        Assert.Equal([1000L, 2000, 500], intervals.Select(i => i.BytesDown));
        Assert.Equal([1, 0, 0], intervals.Select(i => i.Opened));
        Assert.Equal([0, 0, 1], intervals.Select(i => i.Closed));
        Assert.Equal([null, null, 145_000L], intervals.Select(i => i.DurationMs));
    }

    [Fact]
    public async Task ClosedConnection_SyncedLate_CountedAtItsStartAndEndNotAtTheSync()
    {
        // Arrange: an agent sends a finished connection two hours after it ended.
        var closed = LedgerSnapshots.Closed(LedgerSnapshots.Open(startUtc: T0, bytesUp: 7, bytesDown: 70), TimeSpan.FromSeconds(90));

        // Act
        await _data.WriteAtAsync(T0.AddHours(2), closed);

        // Assert
        var intervals = await _data.IntervalsAsync();
        Assert.Equal([StatsTime.ToMinute(T0), StatsTime.ToMinute(T0) + 1], intervals.Select(i => i.Minute));
        Assert.Equal(7, intervals.Sum(i => i.BytesUp));
        Assert.Equal(1, intervals[0].Opened);
        Assert.Equal(1, intervals[1].Closed);
    }

    [Fact]
    public async Task SameBatchTwice_IntervalsUnchanged()
    {
        // Arrange
        var open = LedgerSnapshots.Open(startUtc: T0, bytesUp: 10, bytesDown: 20);
        var closed = LedgerSnapshots.Closed(LedgerSnapshots.Open(startUtc: T0, source: "10.0.0.2:1"), TimeSpan.FromSeconds(3), CloseReason.TargetClosed, 5, 6);
        await _data.WriteAtAsync(T0.AddSeconds(10), open, closed);
        var first = await _data.IntervalsAsync();

        // Act
        await _data.WriteAtAsync(T0.AddSeconds(70), open, closed);

        // Assert
        var second = await _data.IntervalsAsync();
        Assert.Equal(first.Select(i => (i.Minute, i.ConnectionId, i.BytesUp, i.BytesDown, i.Opened, i.Closed, i.DurationMs)),
            second.Select(i => (i.Minute, i.ConnectionId, i.BytesUp, i.BytesDown, i.Opened, i.Closed, i.DurationMs)));
    }

    [Fact]
    public async Task ShortConnection_OpenedAndClosedInOneMinute_OneRowAndItsMinuteMarkedDirty()
    {
        // Arrange
        var closed = LedgerSnapshots.Closed(LedgerSnapshots.Open(startUtc: T0.AddSeconds(3), bytesUp: 9, bytesDown: 90), TimeSpan.FromSeconds(2));

        // Act
        await _data.WriteAtAsync(T0.AddSeconds(30), closed);

        // Assert: one row carries the opening, the traffic and the close; the roll-up will recompute that minute.
        var interval = Assert.Single(await _data.IntervalsAsync());
        Assert.Equal((StatsTime.ToMinute(T0), 9L, 90L, 1, 1, 2_000L), (interval.Minute, interval.BytesUp, interval.BytesDown, interval.Opened, interval.Closed, interval.DurationMs));
        Assert.Equal([(0, StatsTime.ToMinute(T0))], await _data.DirtyMarkListAsync());
    }

    [Fact]
    public async Task OpenConnectionLeftByACrash_ClosedAtStartUp_CloseCountedInItsEndMinuteWithItsDuration()
    {
        // Arrange: an open connection with traffic, then the process died.
        var open = LedgerSnapshots.Open(startUtc: T0.AddSeconds(10), bytesUp: 4, bytesDown: 40);
        await _data.WriteAtAsync(T0.AddSeconds(20), open);

        // Act: the next start closes it at its start-up time.
        await _data.SetClockAsync(T0.AddMinutes(5));
        var closed = await _data.Sink.CloseStaleOpenConnectionsAsync("local", T0.AddMinutes(5), CancellationToken.None);

        // Assert
        Assert.Equal(1, closed);
        var intervals = await _data.IntervalsAsync();
        Assert.Equal([(StatsTime.ToMinute(T0), 1, 0, 4L, (long?)null), (StatsTime.ToMinute(T0) + 5, 0, 1, 0L, 290_000L)],
            intervals.Select(i => (i.Minute, i.Opened, i.Closed, i.BytesUp, i.DurationMs)));
        Assert.Contains((0, StatsTime.ToMinute(T0) + 5), await _data.DirtyMarkListAsync());
    }

    [Fact]
    public async Task AgentLedger_TrafficIntervalsOff_NoIntervalsNorMarks()
    {
        // Arrange: an agent's sink (its master keeps the statistics).
        var sink = new DbLedgerSink(_data.Database.DbFactory, new LedgerWriteGate(), Options.Create(new LedgerOptions { TrafficIntervals = false }));
        var open = LedgerSnapshots.Open(startUtc: T0, bytesUp: 1, bytesDown: 2);

        // Act
        await sink.WriteAsync([open], CancellationToken.None);
        await sink.WriteAsync([LedgerSnapshots.Closed(open, TimeSpan.FromMinutes(3), bytesUp: 5, bytesDown: 6)], CancellationToken.None);

        // Assert
        Assert.Empty(await _data.IntervalsAsync());
        Assert.Empty(await _data.DirtyMarkListAsync());
    }
}
