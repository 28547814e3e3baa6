using RelayWeb.AgentSync;

namespace RelayWeb.UnitTests.Web.AgentSync;

public sealed class SyncBackoffTests
{
    [Fact]
    public void NextDelay_ConsecutiveFailures_DoubleUpToTheCapWithEqualJitter()
    {
        // Arrange
        var backoff = new SyncBackoff(TimeSpan.FromSeconds(10), new Random(42));

        // Act
        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextDelay()).ToList();

        // Assert: failure n waits between half and all of min(10 s, 2^(n-1) s).
        double[] ceilings = [1, 2, 4, 8, 10, 10, 10, 10];
        for (var i = 0; i < delays.Count; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, ceilings[i] / 2, ceilings[i]);
        }
        Assert.Equal(8, backoff.Failures);
    }

    [Fact]
    public void NextDelay_AfterReset_StartsAgainAtOneSecond()
    {
        // Arrange
        var backoff = new SyncBackoff(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 10; i++) backoff.NextDelay();

        // Act
        backoff.Reset();
        var delay = backoff.NextDelay();

        // Assert
        Assert.InRange(delay.TotalSeconds, 0.5, 1);
    }

    [Fact]
    public void NextDelay_TwoAgents_DoNotRetryInLockstep()
    {
        // Arrange
        var first = new SyncBackoff(TimeSpan.FromMinutes(5), new Random(1));
        var second = new SyncBackoff(TimeSpan.FromMinutes(5), new Random(2));

        // Act
        var a = Enumerable.Range(0, 6).Select(_ => first.NextDelay()).ToList();
        var b = Enumerable.Range(0, 6).Select(_ => second.NextDelay()).ToList();

        // Assert
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(10, 50)]
    [InlineData(60, 300)]
    [InlineData(3600, 300)]
    public void CapFor_SyncInterval_FiveIntervalsWithinFiveSecondsAndTheMaximum(int intervalSeconds, int expectedSeconds)
    {
        // Act
        var cap = SyncBackoff.CapFor(TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromMinutes(5));

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), cap);
    }
}
