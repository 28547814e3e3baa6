using RelayEngine.Events;

namespace RelayWeb.ViewModels;

/// <summary>Turns the engine's 1-second <see cref="TrafficPoint"/>s into chart points for a time window.</summary>
public sealed record ThroughputSeries(IReadOnlyList<ThroughputPoint> Points, DateTime WindowStartUtc, DateTime WindowEndUtc)
{
    public static ThroughputSeries Empty { get; } = new([], DateTime.MinValue, DateTime.MinValue);

    /// <summary>The latest second's rates (zero before the first sample).</summary>
    public ThroughputPoint? Latest => Points.Count > 0 ? Points[^1] : null;

    public double PeakPerSecond => Points.Count == 0 ? 0 : Points.Max(p => Math.Max(p.UpPerSecond, p.DownPerSecond));

    public long TotalUp => (long)Points.Sum(p => p.UpPerSecond);

    public long TotalDown => (long)Points.Sum(p => p.DownPerSecond);

    /// <summary>
    /// The points of <paramref name="history"/> (oldest first, one per second) inside the window ending at the newest
    /// sample (or <paramref name="nowUtc"/> when there is none), so the chart's right edge is always "now".
    /// </summary>
    public static ThroughputSeries From(IReadOnlyList<TrafficPoint> history, TimeSpan window, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(history);
        var end = history.Count > 0 ? history[^1].TimestampUtc : nowUtc;
        var start = end - window;
        var points = history
            .Where(p => p.TimestampUtc > start)
            .Select(p => new ThroughputPoint(p.TimestampUtc, p.BytesUp, p.BytesDown, p.ActiveConnections))
            .ToArray();
        return new ThroughputSeries(points, start, end);
    }
}
