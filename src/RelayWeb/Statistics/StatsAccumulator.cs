namespace RelayWeb.Statistics;

/// <summary>Sums roll-up values (bytes, counts, duration histogram) and turns them into <see cref="StatsTotals"/>.</summary>
internal sealed class StatsAccumulator
{
    private readonly long[] _histogram = new long[StatsDurationBuckets.Count];
    private long _bytesUp, _bytesDown, _opened, _closed, _durationCount, _durationSum;

    /// <summary>Adds one row read as: bytes up, bytes down, opened, closed, duration count, duration sum, D0..D11, from <paramref name="offset"/>.</summary>
    public void Add(Microsoft.Data.Sqlite.SqliteDataReader reader, int offset)
    {
        _bytesUp += reader.GetInt64(offset);
        _bytesDown += reader.GetInt64(offset + 1);
        _opened += reader.GetInt64(offset + 2);
        _closed += reader.GetInt64(offset + 3);
        _durationCount += reader.GetInt64(offset + 4);
        _durationSum += reader.GetInt64(offset + 5);
        for (var k = 0; k < _histogram.Length; k++) _histogram[k] += reader.GetInt64(offset + 6 + k);
    }

    public void Add(StatsAccumulator other)
    {
        _bytesUp += other._bytesUp;
        _bytesDown += other._bytesDown;
        _opened += other._opened;
        _closed += other._closed;
        _durationCount += other._durationCount;
        _durationSum += other._durationSum;
        for (var k = 0; k < _histogram.Length; k++) _histogram[k] += other._histogram[k];
    }

    public StatsTotals ToTotals() => new(
        _bytesUp,
        _bytesDown,
        _opened,
        _closed,
        _durationCount == 0 ? null : (double)_durationSum / _durationCount,
        StatsDurationBuckets.Percentile(_histogram, 0.95));
}
