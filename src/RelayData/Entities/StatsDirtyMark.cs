namespace RelayData.Entities;

/// <summary>
/// A roll-up bucket whose source changed since it was last rolled up. Level 0 marks a minute (set by the
/// ledger writer, with each traffic interval it writes); level 2 marks a day whose hours were recomputed but not yet summed into
/// <c>stats_day</c> (summed once the day is over); level 3 a week of <c>stats_top</c> to re-sum from its days (once it is over). The roll-up job recomputes marked buckets and removes their marks in the same transaction; queries read
/// marked minutes from the source instead of the roll-ups.
/// </summary>
public sealed class StatsDirtyMark
{
    public const int MinuteLevel = 0;
    public const int DayLevel = 2;
    public const int WeekLevel = 3;

    public int Level { get; set; }

    /// <summary>Start of the bucket in Unix minutes.</summary>
    public long Bucket { get; set; }
}
