namespace RelayWeb.Statistics;

/// <summary>One row of a top-N list: the group's key (as stored; chains as a JSON array) and its totals.</summary>
public sealed record StatsGroup(string Key, StatsTotals Totals);
