namespace RelayWeb.Statistics;

/// <summary>One point of a time series: the bucket's start (UTC), the group's key when grouped, and its totals.</summary>
public sealed record StatsPoint(DateTime TimeUtc, string? Key, StatsTotals Totals);
