using Microsoft.Data.Sqlite;

namespace RelayWeb.Statistics;

/// <summary>
/// The first step of an unfiltered top-N: which keys are the N largest by a sum, read from the per-dimension rows
/// (<c>stats_top</c>, plus the minutes and ledger tail) with only the key and the sorted metric. The caller then reads the
/// full values (bytes, counts, duration histogram) of those N keys alone, by key.
/// </summary>
/// <remarks>
/// Why: a host appears in nearly every bucket, so a top list over 90 days sums ~125,000 rows (bench/stats.sh at
/// 10,000,000 ledger rows: 5,450 hosts a week, 1,282 an hour). Grouping them with all eighteen value columns took ~3 times
/// as long as grouping the key and one number. Only sums can be ranked this way; averages, percentiles and ascending
/// order are summed in full by the caller. (Pruning by each bucket's own top list, the threshold algorithm, was tried:
/// hundreds of relay targets with nearly equal traffic made the lists go hundreds deep, slower than this.)
/// </remarks>
internal static class StatsTopKeys
{
    /// <summary>The SQL of <paramref name="metric"/> over a roll-up row, or null when it is not a sum.</summary>
    public static string? MetricSql(StatsMetric metric) => metric switch
    {
        StatsMetric.BytesTotal => "\"BytesUp\" + \"BytesDown\"",
        StatsMetric.BytesUp => "\"BytesUp\"",
        StatsMetric.BytesDown => "\"BytesDown\"",
        StatsMetric.Connections => "\"Opened\"",
        _ => null,
    };

    /// <summary>Whether a top-N in this order can be found from the sorted metric alone.</summary>
    public static bool Supports(StatsMetric metric, bool ascending) => !ascending && MetricSql(metric) is not null;

    /// <summary>
    /// The <paramref name="limit"/> keys of <paramref name="union"/> (rows of <c>"G"</c> and the metric as <c>"V"</c>) with
    /// the largest sums, ties by key; the command comes from <paramref name="createCommand"/> (which binds the filters).
    /// </summary>
    public static List<string> Read(Func<string, SqliteCommand> createCommand, string union, int limit)
    {
        ArgumentNullException.ThrowIfNull(createCommand);
        using var command = createCommand($"""SELECT "G" FROM {union} GROUP BY 1 ORDER BY SUM("V") DESC, 1 LIMIT $limit""");
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read()) keys.Add(reader.GetString(0));
        return keys;
    }
}
