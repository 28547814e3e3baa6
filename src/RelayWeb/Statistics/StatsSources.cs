namespace RelayWeb.Statistics;

/// <summary>
/// How many minutes of the range each store answered: day, hour and minute roll-ups, the ledger tail (minutes not rolled
/// up yet), and weeks (per-dimension totals, used by unfiltered queries).
/// </summary>
public sealed record StatsSources(long DayMinutes, long HourMinutes, long RollupMinutes, long LedgerMinutes, long WeekMinutes = 0);
