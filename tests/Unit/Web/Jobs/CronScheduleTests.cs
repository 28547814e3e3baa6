using RelayWeb.Jobs;

namespace RelayWeb.UnitTests.Web.Jobs;

public sealed class CronScheduleTests
{
    private static readonly DateTime s_now = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("30 3 * * *", "2026-11-22T03:30:00")]       // Unix, 5 fields
    [InlineData("0 30 3 * * ?", "2026-11-22T03:30:00")]     // Quartz, seconds first
    [InlineData("*/15 * * * *", "2026-11-21T12:15:00")]
    [InlineData("0 0 12 ? * MON-FRI 2026-2030", "2026-11-23T12:00:00")] // 7 fields, with year; Nov 21 2026 is a Saturday
    public void TryParse_ValidExpression_NextOccurrenceInUtc(string cron, string expected)
    {
        // Act
        var ok = CronSchedule.TryParse(cron, out var expression, out var error);
        var next = CronSchedule.NextOccurrences(cron, s_now, 1);

        // Assert
        Assert.True(ok, error);
        Assert.NotNull(expression);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(next));
        Assert.Equal(DateTimeKind.Utc, next[0].Kind);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("   ", "required")]
    [InlineData("* * *", "3 field(s)")]
    [InlineData("0 0 25 * * ?", "Hour")]
    [InlineData("61 * * * *", "not a valid cron expression")]
    [InlineData("0 0 0 1 1 ? 2001", "never fires again")]
    public void TryParse_InvalidExpression_SaysWhy(string? cron, string reason)
    {
        // Act
        var ok = CronSchedule.TryParse(cron, out var expression, out var error);

        // Assert
        Assert.False(ok);
        Assert.Null(expression);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NextOccurrences_Daily_OneDayApart()
    {
        // Act
        var next = CronSchedule.NextOccurrences("0 3 * * *", s_now, 3);

        // Assert
        Assert.Equal(3, next.Count);
        Assert.Equal(TimeSpan.FromDays(1), next[1] - next[0]);
        Assert.Equal(TimeSpan.FromDays(1), next[2] - next[1]);
    }
}
