using RelayData.Entities;
using RelayEngine.Connections;
using RelayWeb.Statistics;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Statistics;

public sealed class StatsRollupServiceTests : IAsyncLifetime
{
    private static readonly DateTime Day1 = new(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);
    private StatsTestData _data = null!;

    public async Task InitializeAsync() => _data = await StatsTestData.CreateAsync();

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task RollUpAsync_AfterDowntime_CatchesUpOnEveryMarkedMinuteAcrossHoursAndDays()
    {
        // Arrange: connections over two days were recorded while no roll-up ran.
        var batch = Connections(Day1.AddHours(1), 5, bytes: 1000).Concat(Connections(Day1.AddHours(30), 3, bytes: 10)).ToArray();
        await _data.WriteAtAsync(Day1.AddDays(3), batch);
        Assert.True(await _data.DirtyMarksAsync() > 0);

        // Act
        var result = await _data.Rollups.RollUpAsync(null, CancellationToken.None);

        // Assert: only the week, not over yet, waits to be summed.
        Assert.Equal([(3, Week(Day1))], await _data.DirtyMarkListAsync());
        Assert.Equal(2, result.Days);
        Assert.True(result.Hours >= 2);
        var stats = await _data.Queries.QueryAsync(new StatsQuery { From = Day1, To = Day1.AddDays(2) }, CancellationToken.None);
        Assert.Equal(5 * 1000 + 3 * 10, stats.Totals.BytesUp);
        Assert.Equal(8, stats.Totals.Connections);
        Assert.Equal(8, stats.Totals.Closed);
        Assert.Equal(new StatsSources(2 * 1440, 0, 0, 0, 0), stats.Sources);
    }

    [Fact]
    public async Task RollUpAsync_SameMinutesRecomputed_SameRows()
    {
        // Arrange
        await _data.WriteAtAsync(Day1.AddDays(1), [.. Connections(Day1.AddHours(2), 4, bytes: 500), .. Connections(Day1.AddHours(2).AddMinutes(59), 2, bytes: 7)]);
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        var first = await _data.RollupRowsAsync();

        // Act
        await _data.MarkAllDirtyAsync();
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);

        // Assert
        Assert.NotEmpty(first);
        Assert.Equal(first, await _data.RollupRowsAsync());
    }

    [Fact]
    public async Task QueryAsync_RollupsPlusLedgerTail_ExactTotalsThenSameAfterRollingUpTheTail()
    {
        // Arrange: part of the hour is rolled up, then more traffic arrives in the same hour.
        await _data.WriteAtAsync(Day1.AddHours(5), [.. Connections(Day1.AddHours(4), 3, bytes: 100)]);
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        await _data.WriteAtAsync(Day1.AddHours(5), [.. Connections(Day1.AddHours(4).AddMinutes(30), 2, bytes: 11)]);
        var query = new StatsQuery { From = Day1, To = Day1.AddDays(1), GroupBy = StatsDimension.Source };

        // Act
        var mixed = await _data.Queries.QueryAsync(query, CancellationToken.None);
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        var rolled = await _data.Queries.QueryAsync(query, CancellationToken.None);

        // Assert
        Assert.True(mixed.Sources.LedgerMinutes > 0, "the new minutes are read from the ledger");
        Assert.Equal(0, rolled.Sources.LedgerMinutes);
        Assert.Equal(3 * 100 + 2 * 11, mixed.Totals.BytesUp);
        Assert.Equal(mixed.Totals, rolled.Totals);
        Assert.Equal(mixed.Groups, rolled.Groups);
        Assert.Equal(["10.0.0.0", "10.0.0.1", "10.0.0.2"], mixed.Groups.Select(g => g.Key).Order());
    }

    [Fact]
    public async Task QueryAsync_GroupByHostWithHourSeriesAndFilter_TopGroupsAndTheirPoints()
    {
        // Arrange: two targets, one carrying more traffic.
        var big = Connections(Day1.AddHours(1), 2, bytes: 1000, target: "db.internal:5432");
        var small = Connections(Day1.AddHours(3), 3, bytes: 10, target: "10.1.1.1:80");
        await _data.WriteAtAsync(Day1.AddHours(6), [.. big, .. small]);
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);

        // Act
        var top = await _data.Queries.QueryAsync(new StatsQuery
        {
            From = Day1, To = Day1.AddDays(1), GroupBy = StatsDimension.Host, Bucket = StatsBucket.Hour, Limit = 1,
        }, CancellationToken.None);
        var filtered = await _data.Queries.QueryAsync(new StatsQuery { From = Day1, To = Day1.AddDays(1), Host = "10.1.*" }, CancellationToken.None);

        // Assert
        Assert.Equal("db.internal", Assert.Single(top.Groups).Key);
        Assert.Equal(2000, top.Groups[0].Totals.BytesUp);
        Assert.Equal(2030, top.Totals.BytesUp);
        var point = Assert.Single(top.Series);
        Assert.Equal((Day1.AddHours(1), "db.internal"), (point.TimeUtc, point.Key));
        Assert.Equal(30, filtered.Totals.BytesUp);
        Assert.Equal(3, filtered.Totals.Connections);
    }

    [Fact]
    public async Task QueryAsync_UnfilteredOverWeeks_SameAnswerAsTheFullRollups()
    {
        // Arrange: traffic on 20 days; an unfiltered query reads per-dimension week/day rows, a filtered one the full roll-ups.
        var batch = Enumerable.Range(0, 20).SelectMany(d => Connections(Day1.AddDays(d).AddHours(d % 24), 1 + d % 3, bytes: 100 + d, target: $"h{d % 4}.example:443"));
        await _data.WriteAtAsync(Day1.AddDays(30), [.. batch]);
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);

        // Act
        var top = await _data.Queries.QueryAsync(new StatsQuery { From = Day1, To = Day1.AddDays(21), GroupBy = StatsDimension.Host }, CancellationToken.None);
        var full = await _data.Queries.QueryAsync(new StatsQuery { From = Day1, To = Day1.AddDays(21), GroupBy = StatsDimension.Host, Agent = "local" }, CancellationToken.None);

        // Assert
        Assert.True(top.Sources.WeekMinutes >= 2 * 10080, $"weeks used: {top.Sources}");
        Assert.Equal(0, full.Sources.WeekMinutes);
        Assert.Equal(full.Totals, top.Totals);
        Assert.Equal(full.Groups, top.Groups);
        Assert.Equal(4, top.Groups.Count);
    }

    [Fact]
    public async Task QueryAsync_UnfilteredTopNOfMoreKeysThanTheLimit_SameKeysValuesAndSeriesAsTheFullRollups()
    {
        // Arrange: each day a dozen hosts of its own carry 300 bytes; one steady host carries 180 a day and so leads over
        // the three days without ever leading a day; a host written after the roll-up (ledger tail) carries the most.
        var days = Enumerable.Range(0, 3).SelectMany(d => Enumerable.Range(0, 12)
            .SelectMany(i => Connections(Day1.AddDays(d).AddHours(i), 1, bytes: 100, target: $"h{d}-{i:D2}.example:443"))
            .Concat(Connections(Day1.AddDays(d).AddHours(20), 1, bytes: 60, target: "steady.example:443")));
        await _data.WriteAtAsync(Day1.AddDays(3).AddHours(2), [.. days]);
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        await _data.WriteAtAsync(Day1.AddDays(3).AddHours(2), [.. Connections(Day1.AddDays(3).AddHours(1), 2, bytes: 300, target: "tail.example:443")]);
        var query = new StatsQuery { From = Day1, To = Day1.AddDays(3).AddHours(2), GroupBy = StatsDimension.Host, Bucket = StatsBucket.Day, Limit = 4 };

        // Act
        var top = await _data.Queries.QueryAsync(query, CancellationToken.None);
        var full = await _data.Queries.QueryAsync(query with { Agent = "local" }, CancellationToken.None);
        var byConnections = await _data.Queries.QueryAsync(query with { SortBy = StatsMetric.Connections }, CancellationToken.None);
        var byConnectionsFull = await _data.Queries.QueryAsync(query with { SortBy = StatsMetric.Connections, Agent = "local" }, CancellationToken.None);

        // Assert
        Assert.True(top.Sources.DayMinutes > 0 && top.Sources.LedgerMinutes > 0, $"read from days and the ledger tail: {top.Sources}");
        Assert.Equal(["tail.example", "steady.example", "h0-00.example", "h0-01.example"], top.Groups.Select(g => g.Key));
        Assert.Equal(full.Groups, top.Groups);
        Assert.Equal(full.Totals, top.Totals);
        Assert.Equal(full.Series, top.Series);
        Assert.Equal(byConnectionsFull.Groups, byConnections.Groups);
    }

    [Fact]
    public async Task RollUpAsync_DayNotOverYet_HoursNowDayAndWeekOnceTheyEnd()
    {
        // Arrange
        await _data.WriteAtAsync(Day1.AddHours(5), [.. Connections(Day1.AddHours(4), 3, bytes: 100)]);
        var query = new StatsQuery { From = Day1.AddDays(-7), To = Day1.AddDays(7) };

        // Act: a pass while the day is under way, then passes after the day and after the week ended.
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        var during = await _data.Queries.QueryAsync(query, CancellationToken.None);
        var marksDuring = await _data.DirtyMarkListAsync();
        await _data.SetClockAsync(Day1.AddDays(1).AddMinutes(1));
        var afterDay = await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        var marksAfterDay = await _data.DirtyMarkListAsync();
        await _data.SetClockAsync(DateTime.UnixEpoch.AddMinutes(Week(Day1) + 10080));
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        var afterWeek = await _data.Queries.QueryAsync(query, CancellationToken.None);

        // Assert
        Assert.Equal([(2, Minute(Day1))], marksDuring);
        Assert.Equal(300, during.Totals.BytesUp);
        Assert.Equal(new StatsRollupResult(0, 0, 1), afterDay);
        Assert.Equal([(3, Week(Day1))], marksAfterDay);
        Assert.Empty(await _data.DirtyMarkListAsync());
        Assert.Equal(during.Totals, afterWeek.Totals);
        Assert.True(afterWeek.Sources.WeekMinutes > 0, $"the week is read whole: {afterWeek.Sources}");
    }

    [Fact]
    public async Task QueryAsync_OneAgentInAnyCase_SameRowsAsItsExactId_FromTheRollups()
    {
        // Arrange: a registered agent with capitals, this node ("local"), rolled up over two days
        await using (var db = await _data.Database.CreateDbContextAsync())
        {
            db.Agents.Add(new Agent { AgentId = "Edge-FRA-1", FirstSeenUtc = Day1, LastSeenUtc = Day1 });
            await db.SaveChangesAsync();
        }
        var edge = Enumerable.Range(0, 4).Select(i => LedgerSnapshots.Closed(
            LedgerSnapshots.Open(agentId: "Edge-FRA-1", startUtc: Day1.AddHours(i * 10), bytesUp: 100, bytesDown: 200, target: "a.example:443"), TimeSpan.FromSeconds(30)));
        await _data.WriteAtAsync(Day1.AddDays(3), [.. edge, .. Connections(Day1.AddHours(5), 3, bytes: 7)]);
        await _data.Rollups.RollUpAsync(null, CancellationToken.None);
        var query = new StatsQuery { From = Day1, To = Day1.AddDays(3), GroupBy = StatsDimension.Host };

        // Act
        var exact = await _data.Queries.QueryAsync(query with { Agent = "Edge-FRA-1" }, CancellationToken.None);
        var lower = await _data.Queries.QueryAsync(query with { Agent = "edge-fra-1" }, CancellationToken.None);
        var local = await _data.Queries.QueryAsync(query with { Agent = "LOCAL" }, CancellationToken.None);
        var wildcard = await _data.Queries.QueryAsync(query with { Agent = "edge-*" }, CancellationToken.None);

        // Assert
        Assert.True(exact.Sources.DayMinutes > 0, $"read from the day roll-ups: {exact.Sources}");
        Assert.Equal(400, exact.Totals.BytesUp);
        Assert.Equal(exact.Totals, lower.Totals);
        Assert.Equal(exact.Groups, lower.Groups);
        Assert.Equal(exact.Totals, wildcard.Totals);
        Assert.Equal(21, local.Totals.BytesUp);
    }

    private static long Minute(DateTime utc) => StatsTime.ToMinute(utc);

    private static long Week(DateTime utc) => Minute(utc) / 10080 * 10080;

    /// <summary><paramref name="count"/> closed connections of 30 s starting at <paramref name="start"/>, one source each.</summary>
    private static IEnumerable<ConnectionSnapshot> Connections(DateTime start, int count, long bytes, string target = "127.0.0.1:8080") =>
        Enumerable.Range(0, count).Select(i => LedgerSnapshots.Closed(
            LedgerSnapshots.Open(startUtc: start, source: $"10.0.0.{i % 3}:{40000 + i}", target: target, bytesUp: bytes, bytesDown: bytes * 2),
            TimeSpan.FromSeconds(30)));
}
