using RelayWeb.Statistics;

namespace RelayWeb.ViewModels;

/// <summary>One bar/point of the Statistics chart: bytes each way in the bucket starting at <see cref="Time"/> (UTC).</summary>
public sealed record StatsChartPoint(DateTime Time, long Up, long Down)
{
    public long Total => Up + Down;

    /// <summary>The series with every bucket from <paramref name="fromUtc"/> to <paramref name="toUtc"/> present (zero when idle), so gaps show as gaps.</summary>
    public static IReadOnlyList<StatsChartPoint> Fill(IEnumerable<StatsPoint> series, DateTime fromUtc, DateTime toUtc, StatsBucket bucket)
    {
        ArgumentNullException.ThrowIfNull(series);
        var byTime = series.GroupBy(p => p.TimeUtc).ToDictionary(g => g.Key, g => (Up: g.Sum(p => p.Totals.BytesUp), Down: g.Sum(p => p.Totals.BytesDown)));
        var points = new List<StatsChartPoint>();
        for (var t = StatsTime.Fold(fromUtc, bucket); t < toUtc && points.Count < 2000; t = StatsTime.Next(t, bucket))
        {
            var (up, down) = byTime.GetValueOrDefault(t);
            points.Add(new StatsChartPoint(t, up, down));
        }
        return points;
    }
}
