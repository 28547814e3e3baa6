using RelayWeb.Retention;

namespace RelayWeb.UnitTests.Web.Retention;

public sealed class RetentionOptionsTests
{
    [Theory]
    [InlineData(100, 300)] // a slow batch: three times as long, so retention takes at most a quarter of the time
    [InlineData(5, 20)]    // a fast one: the least pause
    [InlineData(0, 20)]
    public void PauseAfter_IsThreeTimesTheBatchButNeverLessThanTheLeastPause(int batchMs, int expectedMs)
    {
        var options = new RetentionOptions();

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), options.PauseAfter(TimeSpan.FromMilliseconds(batchMs)));
    }

    [Fact]
    public void PauseAfter_FollowsTheConfiguredFactor()
    {
        var options = new RetentionOptions { PauseFactor = 1, PauseBetweenBatches = TimeSpan.Zero };

        Assert.Equal(TimeSpan.FromMilliseconds(40), options.PauseAfter(TimeSpan.FromMilliseconds(40)));
    }
}
