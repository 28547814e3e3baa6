using RelayEngine.Events;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class ThroughputSeriesTests
{
    private static readonly DateTime s_t0 = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void From_KeepsTheWindowEndingAtTheNewestSample()
    {
        // Arrange: 10 minutes of 1-second points.
        var history = Enumerable.Range(0, 600).Select(i => new TrafficPoint(s_t0.AddSeconds(i), i, 2 * i, 1, 0)).ToArray();

        // Act
        var series = ThroughputSeries.From(history, TimeSpan.FromMinutes(5), s_t0.AddHours(1));

        // Assert
        Assert.Equal(300, series.Points.Count);
        Assert.Equal(s_t0.AddSeconds(599), series.WindowEndUtc);
        Assert.Equal(s_t0.AddSeconds(299), series.WindowStartUtc);
        Assert.Equal(599, series.Latest!.UpPerSecond);
        Assert.Equal(1198, series.PeakPerSecond);
    }

    [Fact]
    public void From_NoHistory_IsAnEmptyWindowEndingNow()
    {
        // Act
        var series = ThroughputSeries.From([], TimeSpan.FromMinutes(5), s_t0);

        // Assert
        Assert.Empty(series.Points);
        Assert.Null(series.Latest);
        Assert.Equal(s_t0, series.WindowEndUtc);
        Assert.Equal(0, series.PeakPerSecond);
    }
}
