using RelayEngine.Mihomo;

namespace RelayWeb.UnitTests.Engine.Mihomo;

public sealed class MihomoReconnectBackoffTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.999)]
    public void Next_ConsecutiveFailures_DoublesWithEqualJitterUpToMax(double random)
    {
        // Arrange
        var backoff = new MihomoReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), new FixedRandom(random));

        // Act
        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalSeconds).ToArray();

        // Assert: d = 1, 2, 4, 8, 16, 30, 30, 30 s; each delay in [d/2, d].
        double[] ceilings = [1, 2, 4, 8, 16, 30, 30, 30];
        for (var i = 0; i < delays.Length; i++) Assert.InRange(delays[i], ceilings[i] / 2, ceilings[i]);
        Assert.Equal(8, backoff.Failures);
    }

    [Fact]
    public void Reset_AfterFailures_StartsFromTheMinimumAgain()
    {
        // Arrange
        var backoff = new MihomoReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new FixedRandom(0.999));
        for (var i = 0; i < 6; i++) backoff.Next();

        // Act
        backoff.Reset();
        var delay = backoff.Next();

        // Assert
        Assert.InRange(delay.TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void Next_ManyFailures_NeverOverflows()
    {
        // Arrange
        var backoff = new MihomoReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), new FixedRandom(0.5));

        // Act
        var last = TimeSpan.Zero;
        for (var i = 0; i < 200; i++) last = backoff.Next();

        // Assert
        Assert.InRange(last.TotalSeconds, 30, 60);
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
