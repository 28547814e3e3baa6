namespace RelayData.Entities;

/// <summary>
/// One roll-up row: the traffic of one key (agent, relay, network, host, destination, source address, Mihomo chain, rule,
/// process) in one bucket. Text keys are never null (empty when unknown). Durations of the connections that closed in
/// the bucket are kept as a count, a sum and a fixed histogram (<c>D0</c>..<c>D11</c>, bounds in
/// <c>StatsDurationBuckets</c>), which gives percentiles. Concrete tables: <see cref="StatsMinute"/>, <see cref="StatsHour"/>,
/// <see cref="StatsDay"/>.
/// </summary>
public abstract class StatsRollup
{
    /// <summary>Start of the bucket in Unix minutes (a multiple of 60 for hours, of 1440 for days).</summary>
    public long Bucket { get; set; }
    public required string AgentId { get; set; }
    public required string RelayId { get; set; }
    public required string Network { get; set; }
    public required string Host { get; set; }
    public required string Destination { get; set; }
    public required string Source { get; set; }
    public required string Chain { get; set; }
    public required string Rule { get; set; }
    public required string Process { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
    public long Opened { get; set; }
    public long Closed { get; set; }
    public long DurationCount { get; set; }
    public long DurationSumMs { get; set; }
    public long D0 { get; set; }
    public long D1 { get; set; }
    public long D2 { get; set; }
    public long D3 { get; set; }
    public long D4 { get; set; }
    public long D5 { get; set; }
    public long D6 { get; set; }
    public long D7 { get; set; }
    public long D8 { get; set; }
    public long D9 { get; set; }
    public long D10 { get; set; }
    public long D11 { get; set; }
}
