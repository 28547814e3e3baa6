namespace RelayEngine.Ledger;

/// <summary>Counters of the ledger pipeline, for health and metrics.</summary>
public sealed record LedgerStatistics(long Written, long Pending, long Dropped, long FailedWrites, DateTime? LastWriteUtc, string? LastError);
