using RelayWeb.Statistics;

namespace RelayWeb.UnitTests.Web.Statistics;

public sealed class StatsQueryPlannerTests
{
    private const long Day = 1440;
    private const long D0 = 20_000 * Day; // a day boundary in Unix minutes

    [Fact]
    public void Plan_CleanRange_WholeDaysThenHoursThenMinutesAtTheEdges()
    {
        // Arrange: from 22:30 the day before to 01:15 two days later.
        var from = D0 - 90;
        var to = D0 + 2 * Day + 75;

        // Act
        var plan = StatsQueryPlanner.Plan(from, to, StatsQueryPlanner.DayLevel, [], []);

        // Assert
        Assert.Equal([(D0, D0 + 2 * Day)], plan.Days);
        Assert.Equal([(D0 - 60, D0), (D0 + 2 * Day, D0 + 2 * Day + 60)], plan.Hours);
        Assert.Equal([(from, D0 - 60), (D0 + 2 * Day + 60, to)], plan.Minutes);
        Assert.Empty(plan.Ledger);
        AssertCoversExactly(plan, from, to);
    }

    [Fact]
    public void Plan_DirtyMinute_ItsDayAndHourAreSplitAndTheMinuteComesFromTheLedger()
    {
        // Arrange: one minute of the second day (10:07) is not rolled up yet.
        var dirty = D0 + Day + 607;

        // Act
        var plan = StatsQueryPlanner.Plan(D0, D0 + 3 * Day, StatsQueryPlanner.DayLevel, [dirty], []);

        // Assert
        Assert.Equal([(D0, D0 + Day), (D0 + 2 * Day, D0 + 3 * Day)], plan.Days);
        Assert.Equal([(D0 + Day, D0 + Day + 600), (D0 + Day + 660, D0 + 2 * Day)], plan.Hours);
        Assert.Equal([(D0 + Day + 600, dirty), (dirty + 1, D0 + Day + 660)], plan.Minutes);
        Assert.Equal([(dirty, dirty + 1)], plan.Ledger);
        AssertCoversExactly(plan, D0, D0 + 3 * Day);
    }

    [Fact]
    public void Plan_DirtyDay_ReadFromItsHours()
    {
        var plan = StatsQueryPlanner.Plan(D0, D0 + 2 * Day, StatsQueryPlanner.DayLevel, [], [D0]);

        Assert.Equal([(D0 + Day, D0 + 2 * Day)], plan.Days);
        Assert.Equal([(D0, D0 + Day)], plan.Hours);
    }

    [Fact]
    public void Plan_MaxLevelHour_NeverReadsDays()
    {
        var plan = StatsQueryPlanner.Plan(D0, D0 + 2 * Day, StatsQueryPlanner.HourLevel, [], []);

        Assert.Empty(plan.Days);
        Assert.Equal([(D0, D0 + 2 * Day)], plan.Hours);
    }

    [Fact]
    public void Plan_WeekLevelWithADirtyDay_WholeCleanWeeksAndTheDirtyDaysWeekFromDays()
    {
        const long Week = 10080;
        var w0 = 3000 * Week;

        var plan = StatsQueryPlanner.Plan(w0, w0 + 3 * Week, StatsQueryPlanner.WeekLevel, [], [w0 + Week + 2 * Day]);

        Assert.Equal([(w0, w0 + Week), (w0 + 2 * Week, w0 + 3 * Week)], plan.Weeks);
        Assert.Equal([(w0 + Week, w0 + Week + 2 * Day), (w0 + Week + 3 * Day, w0 + 2 * Week)], plan.Days);
        Assert.Equal([(w0 + Week + 2 * Day, w0 + Week + 3 * Day)], plan.Hours);
        AssertCoversExactly(plan, w0, w0 + 3 * Week);
    }

    private static void AssertCoversExactly(StatsQueryPlan plan, long from, long to)
    {
        var all = plan.Weeks.Concat(plan.Days).Concat(plan.Hours).Concat(plan.Minutes).Concat(plan.Ledger).OrderBy(r => r.From).ToList();
        Assert.Equal(from, all[0].From);
        for (var i = 1; i < all.Count; i++) Assert.Equal(all[i - 1].To, all[i].From);
        Assert.Equal(to, all[^1].To);
    }
}
