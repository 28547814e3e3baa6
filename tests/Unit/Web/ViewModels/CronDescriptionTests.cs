using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public sealed class CronDescriptionTests
{
    [Theory]
    [InlineData("30 3 * * *", "Every day at 03:30 UTC")]
    [InlineData("0 30 3 * * ?", "Every day at 03:30 UTC")]
    [InlineData("0 * * * *", "Every hour, on the hour")]
    [InlineData("15 * * * *", "Every hour at :15")]
    [InlineData("*/5 * * * *", "Every 5 minutes")]
    [InlineData("*/1 * * * *", "Every minute")]
    [InlineData("0 4 * * 1", "Every Monday at 04:00 UTC")]
    [InlineData("0 4 * * 7", "Every Sunday at 04:00 UTC")]
    [InlineData("0 0 4 ? * 2", "Every Monday at 04:00 UTC")]   // Quartz numbers days from 1 = Sunday
    [InlineData("0 2 1 * *", "On day 1 of every month at 02:00 UTC")]
    public void Describe_CommonSchedules_InWords(string cron, string expected) => Assert.Equal(expected, CronDescription.Describe(cron));

    [Theory]
    [InlineData("0 3 * 6 *")]         // only in June: not said in words, never said wrongly
    [InlineData("0 3,15 * * *")]
    [InlineData("0 0 3 L * ?")]
    [InlineData("15 30 3 * * ?")]     // seconds other than 0
    [InlineData("nonsense")]
    public void Describe_AnythingElse_TheExpressionItself(string cron) => Assert.Equal(cron, CronDescription.Describe(cron));
}
