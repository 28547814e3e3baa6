namespace RelayWeb.Statistics;

/// <summary>
/// Where each part of a time range is read from, as half-open ranges of Unix minutes: whole weeks (only from <c>stats_top</c>),
/// whole days from <c>stats_day</c>,
/// whole hours from <c>stats_hour</c>, minutes from <c>stats_minute</c>, and the minutes not rolled up yet (marked dirty)
/// from the ledger (<c>traffic_intervals</c>). The ranges do not overlap and together cover the query range exactly.
/// </summary>
public sealed record StatsQueryPlan(
    IReadOnlyList<(long From, long To)> Weeks,
    IReadOnlyList<(long From, long To)> Days,
    IReadOnlyList<(long From, long To)> Hours,
    IReadOnlyList<(long From, long To)> Minutes,
    IReadOnlyList<(long From, long To)> Ledger);
