namespace RelayWeb.Statistics;

/// <summary>What top-N lists are ordered by.</summary>
public enum StatsMetric
{
    BytesTotal,
    BytesUp,
    BytesDown,
    Connections,
    AvgDuration,
    P95Duration,
}
