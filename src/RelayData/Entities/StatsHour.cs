namespace RelayData.Entities;

/// <summary>A per-hour roll-up row (table <c>stats_hour</c>); see <see cref="StatsRollup"/>.</summary>
public sealed class StatsHour : StatsRollup;
