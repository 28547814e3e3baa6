namespace RelayData.Entities;

/// <summary>
/// The value columns every statistics row carries (<see cref="StatsRollup"/> and <see cref="StatsTop"/>): bytes each way,
/// connections opened and closed, and the durations of those that closed as a count, a sum and a fixed histogram
/// (<c>D0</c>..<c>D11</c>, bounds in <c>StatsDurationBuckets</c>), which gives percentiles. Not an entity of its own.
/// </summary>
public abstract class StatsValues
{
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
