namespace RelayData.Entities;

/// <summary>
/// Table <c>stats_top</c>: the traffic of one key of one dimension (host, source...; dimension 0 is the total with an empty
/// key) in one hour (level 1), day (level 2) or week (level 3, Unix-minute aligned). Derived from <c>stats_hour</c> and
/// <c>stats_day</c> by the roll-up, it lets unfiltered top-N lists and totals over long ranges read a few thousand rows
/// instead of every key combination. Value columns: <see cref="StatsValues"/>.
/// </summary>
public sealed class StatsTop : StatsValues
{
    public int Dimension { get; set; }
    public int Level { get; set; }
    public long Bucket { get; set; }
    public required string Key { get; set; }
}
