namespace RelayWeb.Statistics;

/// <summary>What one roll-up pass did: dirty minutes recomputed, hours and days rebuilt.</summary>
public sealed record StatsRollupResult(long Minutes, long Hours, long Days);
