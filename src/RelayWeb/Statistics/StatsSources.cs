namespace RelayWeb.Statistics;

/// <summary>How many minutes of the range each table answered (days, hours, minutes roll-ups, and the ledger tail).</summary>
public sealed record StatsSources(long DayMinutes, long HourMinutes, long RollupMinutes, long LedgerMinutes);
