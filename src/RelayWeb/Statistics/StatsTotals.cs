namespace RelayWeb.Statistics;

/// <summary>
/// Traffic of a set of roll-up rows. <see cref="Connections"/> counts connections opened in the range, <see cref="Closed"/>
/// those that ended in it; durations are those of the closed ones (milliseconds; null when none closed).
/// </summary>
public sealed record StatsTotals(long BytesUp, long BytesDown, long Connections, long Closed, double? AvgDurationMs, double? P95DurationMs)
{
    public static readonly StatsTotals Empty = new(0, 0, 0, 0, null, null);

    public long BytesTotal => BytesUp + BytesDown;

    /// <summary>The value of <paramref name="metric"/>; missing durations count as -1 so they sort last.</summary>
    public double Value(StatsMetric metric) => metric switch
    {
        StatsMetric.BytesUp => BytesUp,
        StatsMetric.BytesDown => BytesDown,
        StatsMetric.Connections => Connections,
        StatsMetric.AvgDuration => AvgDurationMs ?? -1,
        StatsMetric.P95Duration => P95DurationMs ?? -1,
        _ => BytesTotal,
    };
}
