using System.Globalization;
using System.Text;

namespace RelayWeb.Statistics;

/// <summary>
/// The fixed duration histogram kept in every roll-up row (<c>D0</c>..<c>D11</c>): bucket k counts closed connections whose
/// duration is below <see cref="UpperBoundsMs"/>[k] and at or above the previous bound. Percentiles are read from it by
/// linear interpolation inside the bucket that holds the rank, so they are exact to within one bucket.
/// </summary>
public static class StatsDurationBuckets
{
    /// <summary>Upper bounds in milliseconds: 100 ms, 500 ms, 1 s, 5 s, 15 s, 1 min, 5 min, 15 min, 1 h, 4 h, 1 d, then unbounded.</summary>
    public static readonly long[] UpperBoundsMs = [100, 500, 1_000, 5_000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000, 86_400_000, long.MaxValue];

    public static int Count => UpperBoundsMs.Length;

    /// <summary>Column names <c>D0</c>..<c>D11</c>.</summary>
    public static IEnumerable<string> Columns => Enumerable.Range(0, Count).Select(k => "D" + k.ToString(CultureInfo.InvariantCulture));

    /// <summary>The bucket index of one duration.</summary>
    public static int IndexOf(long durationMs)
    {
        for (var k = 0; k < UpperBoundsMs.Length; k++)
        {
            if (durationMs < UpperBoundsMs[k]) return k;
        }
        return UpperBoundsMs.Length - 1;
    }

    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of the durations counted in <paramref name="counts"/>, in milliseconds; null when
    /// nothing was counted. The open last bucket reports its lower bound.
    /// </summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        ArgumentNullException.ThrowIfNull(counts);
        long total = 0;
        foreach (var c in counts) total += c;
        if (total == 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long before = 0;
        for (var k = 0; k < counts.Count; k++)
        {
            if (before + counts[k] >= rank)
            {
                double lower = k == 0 ? 0 : UpperBoundsMs[k - 1];
                if (k == UpperBoundsMs.Length - 1) return lower;
                double upper = UpperBoundsMs[k];
                return lower + (upper - lower) * (rank - before) / counts[k];
            }
            before += counts[k];
        }
        return UpperBoundsMs[^2];
    }

    /// <summary>SQL that sums, per bucket, the intervals whose <paramref name="durationColumn"/> falls in it, as <c>"D0"</c>...</summary>
    internal static string SumColumnsSql(string durationColumn)
    {
        var sql = new StringBuilder();
        for (var k = 0; k < UpperBoundsMs.Length; k++)
        {
            var lower = k == 0 ? 0 : UpperBoundsMs[k - 1];
            var condition = k == UpperBoundsMs.Length - 1
                ? $"{durationColumn} >= {lower}"
                : $"{durationColumn} >= {lower} AND {durationColumn} < {UpperBoundsMs[k]}";
            if (k > 0) sql.Append(", ");
            sql.Append(CultureInfo.InvariantCulture, $"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS \"D{k}\"");
        }
        return sql.ToString();
    }
}
