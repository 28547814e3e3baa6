namespace RelayData.Entities;

/// <summary>A per-day roll-up row (table <c>stats_day</c>); see <see cref="StatsRollup"/>.</summary>
public sealed class StatsDay : StatsRollup;
