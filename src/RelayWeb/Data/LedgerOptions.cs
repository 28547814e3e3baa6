namespace RelayWeb.Data;

/// <summary>How the database ledger writes (<see cref="DbLedgerSink"/>). Read once at start.</summary>
public sealed class LedgerOptions
{
    /// <summary>
    /// Whether each ledger write also records its per-minute traffic for the statistics (<c>traffic_intervals</c>).
    /// Default true (relay serve, the master); agents turn it off: their master computes statistics from what they sync.
    /// </summary>
    public bool TrafficIntervals { get; set; } = true;
}
