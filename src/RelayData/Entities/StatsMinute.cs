namespace RelayData.Entities;

/// <summary>A per-minute roll-up row (table <c>stats_minute</c>); see <see cref="StatsRollup"/>.</summary>
public sealed class StatsMinute : StatsRollup;
