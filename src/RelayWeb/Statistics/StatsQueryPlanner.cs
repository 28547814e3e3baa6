namespace RelayWeb.Statistics;

/// <summary>
/// Splits a range of minutes over the roll-up levels (<see cref="StatsQueryPlan"/>): the coarsest level whose buckets lie
/// wholly inside the range and are up to date, finer levels for the edges and for buckets that hold a dirty minute (their
/// roll-up is stale until the next pass), and the ledger for the dirty minutes themselves.
/// </summary>
public static class StatsQueryPlanner
{
    public const int MinuteLevel = 0;
    public const int HourLevel = 1;
    public const int DayLevel = 2;

    /// <summary>Weeks of 10,080 minutes aligned on Unix minute 0 (a Thursday); only <c>stats_top</c> has them.</summary>
    public const int WeekLevel = 3;

    private static readonly long[] s_sizes = [1, 60, 1440, 10080];

    /// <summary>The length of a level's buckets in minutes.</summary>
    public static long Size(int level) => s_sizes[level];

    /// <param name="from">First minute (inclusive).</param>
    /// <param name="to">End minute (exclusive).</param>
    /// <param name="maxLevel">Coarsest level allowed: a series with hour buckets must not read days.</param>
    /// <param name="dirtyMinutes">Minutes not rolled up yet.</param>
    /// <param name="dirtyDays">Days (start minute) whose hours are current but whose day row is not.</param>
    /// <param name="dirtyWeeks">Weeks (start minute) whose days are current but whose <c>stats_top</c> week rows are not.</param>
    public static StatsQueryPlan Plan(long from, long to, int maxLevel, IEnumerable<long> dirtyMinutes, IEnumerable<long> dirtyDays,
        IEnumerable<long>? dirtyWeeks = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLevel, WeekLevel);
        var planner = new Builder([.. dirtyMinutes.Distinct().Order()], [.. dirtyDays.Distinct().Order()], [.. dirtyWeeks ?? []]);
        planner.Add(from, to, maxLevel);
        return new StatsQueryPlan(planner.Ranges[WeekLevel], planner.Ranges[DayLevel], planner.Ranges[HourLevel], planner.Ranges[MinuteLevel], planner.Ledger);
    }

    private sealed class Builder(long[] dirtyMinutes, long[] dirtyDays, HashSet<long> dirtyWeeks)
    {
        public List<(long From, long To)>[] Ranges { get; } = [[], [], [], []];
        public List<(long From, long To)> Ledger { get; } = [];

        public void Add(long from, long to, int level)
        {
            if (from >= to) return;
            if (level == MinuteLevel)
            {
                AddMinutes(from, to);
                return;
            }
            var size = s_sizes[level];
            var first = CeilTo(from, size);
            var last = FloorTo(to, size);
            if (first >= last)
            {
                Add(from, to, level - 1);
                return;
            }
            Add(from, first, level - 1);
            for (var bucket = first; bucket < last; bucket += size)
            {
                var stale = HasDirtyMinute(bucket, bucket + size)
                    || (level >= DayLevel && HasDirty(dirtyDays, bucket, bucket + size))
                    || (level == WeekLevel && dirtyWeeks.Contains(bucket));
                if (stale) Add(bucket, bucket + size, level - 1);
                else Append(Ranges[level], bucket, bucket + size);
            }
            Add(last, to, level - 1);
        }

        private void AddMinutes(long from, long to)
        {
            var start = from;
            var i = LowerBound(from);
            for (; i < dirtyMinutes.Length && dirtyMinutes[i] < to; i++)
            {
                var minute = dirtyMinutes[i];
                Append(Ranges[MinuteLevel], start, minute);
                Append(Ledger, minute, minute + 1);
                start = minute + 1;
            }
            Append(Ranges[MinuteLevel], start, to);
        }

        private bool HasDirtyMinute(long from, long to) => HasDirty(dirtyMinutes, from, to);

        private static bool HasDirty(long[] sorted, long from, long to)
        {
            var i = LowerBound(sorted, from);
            return i < sorted.Length && sorted[i] < to;
        }

        private int LowerBound(long value) => LowerBound(dirtyMinutes, value);

        private static int LowerBound(long[] sorted, long value)
        {
            var i = Array.BinarySearch(sorted, value);
            return i >= 0 ? i : ~i;
        }

        private static void Append(List<(long From, long To)> ranges, long from, long to)
        {
            if (from >= to) return;
            if (ranges.Count > 0 && ranges[^1].To == from) ranges[^1] = (ranges[^1].From, to);
            else ranges.Add((from, to));
        }

        private static long FloorTo(long value, long size) => (long)Math.Floor((double)value / size) * size;

        private static long CeilTo(long value, long size) => (long)Math.Ceiling((double)value / size) * size;
    }
}
