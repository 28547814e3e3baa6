namespace RelayData.Entities;

/// <summary>
/// What one connection did in one minute: bytes moved in that minute, whether it opened or closed then (and its duration
/// when it closed). Written by the ledger writer (RelayWeb's <c>TrafficIntervalWriter</c>) and backfilled by migration <c>StatsRollups</c>:
/// every time a ledger row's byte counters grow, the growth is added to the minute it was observed in (the end minute for a close, else the time of
/// the write), so a long connection's bytes are spread over the minutes in which they flowed. Roll-ups read this table.
/// </summary>
public sealed class TrafficInterval
{
    /// <summary>Unix time in minutes (seconds since 1970-01-01 UTC divided by 60).</summary>
    public long Minute { get; set; }
    public required string AgentId { get; set; }
    public Guid ConnectionId { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
    public int Opened { get; set; }
    public int Closed { get; set; }
    public long? DurationMs { get; set; }
}
