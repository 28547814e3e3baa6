using RelayWeb.Statistics;

namespace RelayWeb.UnitTests.Web.Statistics;

public sealed class StatsDurationBucketsTests
{
    [Fact]
    public void Percentile_NothingCounted_Null() =>
        Assert.Null(StatsDurationBuckets.Percentile(new long[StatsDurationBuckets.Count], 0.95));

    [Theory]
    [InlineData(50, 0)]
    [InlineData(100, 1)]
    [InlineData(59_999, 5)]
    [InlineData(60_000, 6)]
    [InlineData(long.MaxValue - 1, 11)]
    public void IndexOf_Duration_BucketWhoseRangeHoldsIt(long durationMs, int expected) =>
        Assert.Equal(expected, StatsDurationBuckets.IndexOf(durationMs));

    [Fact]
    public void Percentile_RankInsideABucket_InterpolatesLinearly()
    {
        // Arrange: 90 fast connections (< 100 ms) and 10 between 1 s and 5 s.
        var counts = new long[StatsDurationBuckets.Count];
        counts[0] = 90;
        counts[3] = 10;

        // Act
        var p95 = StatsDurationBuckets.Percentile(counts, 0.95);
        var p50 = StatsDurationBuckets.Percentile(counts, 0.5);

        // Assert: rank 95 is the 5th of 10 in [1000, 5000) → 1000 + 4000 * 5/10; rank 50 is in the first bucket.
        Assert.Equal(3000, p95);
        Assert.Equal(100.0 * 50 / 90, p50!.Value, 6);
    }
}
