namespace RelayData.Entities;

/// <summary>
/// Table <c>stats_clock</c>: when it holds a row, the ledger writer and the roll-up take its time as "now" instead of the database
/// clock (the minute an open connection's growth is attributed to). Empty in use; tests set it to drive time.
/// </summary>
public sealed class StatsClock
{
    public int Id { get; set; }
    public long UnixSeconds { get; set; }
}
