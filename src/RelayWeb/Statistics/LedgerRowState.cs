namespace RelayWeb.Statistics;

/// <summary>What <see cref="TrafficIntervalWriter"/> needs of a ledger row: counters, open or not, start and end (Unix minutes), duration.</summary>
internal readonly record struct LedgerRowState(long BytesUp, long BytesDown, bool IsOpen, long StartMinute, long? EndMinute, long? DurationMs);
