namespace RelayData.Entities;

/// <summary>
/// Table <c>stats_top</c>: the traffic of one key of one dimension (host, source...; dimension 0 is the total with an empty
/// key) in one hour (level 1), day (level 2) or week (level 3, Unix-minute aligned). Derived from <c>stats_hour</c> and
/// <c>stats_day</c> by the roll-up, it lets unfiltered top-N lists and totals over long ranges read a few thousand rows
/// instead of every key combination. Value columns as in <see cref="StatsRollup"/>.
/// </summary>
public sealed class StatsTop
{
    public int Dimension { get; set; }
    public int Level { get; set; }
    public long Bucket { get; set; }
    public required string Key { get; set; }
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
