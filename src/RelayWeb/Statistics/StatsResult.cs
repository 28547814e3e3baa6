namespace RelayWeb.Statistics;

/// <summary>The answer to a <see cref="StatsQuery"/>.</summary>
public sealed record StatsResult(
    StatsQuery Query,
    StatsTotals Totals,
    IReadOnlyList<StatsGroup> Groups,
    IReadOnlyList<StatsPoint> Series,
    StatsSources Sources);
