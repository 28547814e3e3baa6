using System.Text;
using System.Text.RegularExpressions;

namespace RelayWeb.Metrics;

/// <summary>
/// Prometheus names from OpenTelemetry instrument names, as the OTel → Prometheus translation does: dots become
/// underscores, the unit is appended in base-unit words (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotation
/// units like <c>{request}</c> are dropped), counters end in <c>_total</c>.
/// </summary>
public static partial class MetricNames
{
    public static bool IsValidMetricName(string name) => MetricName().IsMatch(name);

    public static bool IsValidLabelName(string name) => LabelName().IsMatch(name) && !name.StartsWith("__", StringComparison.Ordinal);

    /// <summary><c>http.server.request.duration</c> (s) → <c>http_server_request_duration_seconds</c>; counters get <c>_total</c>.</summary>
    public static string FromInstrument(string name, string? unit, bool isCounter)
    {
        var result = Sanitize(name);
        var suffix = unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            "1" when !isCounter => "ratio",
            _ => null,
        };
        if (suffix is not null && !result.EndsWith("_" + suffix, StringComparison.Ordinal)) result += "_" + suffix;
        if (isCounter && !result.EndsWith("_total", StringComparison.Ordinal)) result += "_total";
        return result;
    }

    /// <summary>A tag name as a label name: <c>http.response.status_code</c> → <c>http_response_status_code</c>.</summary>
    public static string Label(string tag) => Sanitize(tag);

    private static string Sanitize(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }
        if (text.Length == 0 || char.IsAsciiDigit(text[0])) text.Insert(0, '_');
        return text.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
