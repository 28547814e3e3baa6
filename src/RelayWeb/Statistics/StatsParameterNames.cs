namespace RelayWeb.Statistics;

/// <summary>
/// The names the API and the page use for dimensions, buckets and metrics, with the tracker seed's aliases
/// (<c>chains</c>, <c>download</c>/<c>upload</c>/<c>total</c>...). Parsing ignores case.
/// </summary>
public static class StatsParameterNames
{
    private static readonly Dictionary<string, StatsDimension> s_dimensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["host"] = StatsDimension.Host,
        ["destination"] = StatsDimension.Destination,
        ["source"] = StatsDimension.Source,
        ["agent"] = StatsDimension.Agent,
        ["agent_id"] = StatsDimension.Agent,
        ["relay"] = StatsDimension.Relay,
        ["chain"] = StatsDimension.Chain,
        ["chains"] = StatsDimension.Chain,
        ["rule"] = StatsDimension.Rule,
        ["network"] = StatsDimension.Network,
        ["process"] = StatsDimension.Process,
    };

    private static readonly Dictionary<string, StatsBucket> s_buckets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["minute"] = StatsBucket.Minute,
        ["hour"] = StatsBucket.Hour,
        ["day"] = StatsBucket.Day,
        ["week"] = StatsBucket.Week,
        ["month"] = StatsBucket.Month,
    };

    private static readonly Dictionary<string, StatsMetric> s_metrics = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bytesTotal"] = StatsMetric.BytesTotal,
        ["total"] = StatsMetric.BytesTotal,
        ["bytesUp"] = StatsMetric.BytesUp,
        ["upload"] = StatsMetric.BytesUp,
        ["bytesDown"] = StatsMetric.BytesDown,
        ["download"] = StatsMetric.BytesDown,
        ["connections"] = StatsMetric.Connections,
        ["avgDuration"] = StatsMetric.AvgDuration,
        ["p95Duration"] = StatsMetric.P95Duration,
    };

    public static IEnumerable<string> Dimensions => s_dimensions.Keys;
    public static IEnumerable<string> Buckets => s_buckets.Keys;
    public static IEnumerable<string> Metrics => s_metrics.Keys;

    public static bool TryParse(string text, out StatsDimension value) => s_dimensions.TryGetValue(text.Trim(), out value);
    public static bool TryParse(string text, out StatsBucket value) => s_buckets.TryGetValue(text.Trim(), out value);
    public static bool TryParse(string text, out StatsMetric value) => s_metrics.TryGetValue(text.Trim(), out value);

    public static string Of(StatsDimension value) => value.ToString().ToLowerInvariant();
    public static string Of(StatsBucket value) => value.ToString().ToLowerInvariant();
    public static string Of(StatsMetric value) => char.ToLowerInvariant(value.ToString()[0]) + value.ToString()[1..];
}
