namespace RelayData.Entities;

/// <summary>
/// One roll-up row: the traffic of one key (agent, relay, network, host, destination, source address, Mihomo chain, rule,
/// process) in one bucket, with the values of <see cref="StatsValues"/>. Text keys are never null (empty when unknown).
/// Concrete tables: <see cref="StatsMinute"/>, <see cref="StatsHour"/>, <see cref="StatsDay"/>.
/// </summary>
public abstract class StatsRollup : StatsValues
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
}
