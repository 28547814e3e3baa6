using System.Globalization;
using System.Text.RegularExpressions;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4), for asserting on <c>/metrics</c>. Throws
/// <see cref="FormatException"/> with the line when anything is off: a sample before its family's TYPE, a family declared
/// twice, a malformed label or value, a histogram without its +Inf bucket.
/// </summary>
public sealed partial class PrometheusText
{
    private PrometheusText(Dictionary<string, MetricFamily> families) => Families = families;

    public IReadOnlyDictionary<string, MetricFamily> Families { get; }

    public IEnumerable<Sample> Samples => Families.Values.SelectMany(f => f.Samples);

    public static PrometheusText Parse(string text)
    {
        var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        MetricFamily? current = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ', 2);
                if (!help.TryAdd(parts[0], parts.Length > 1 ? parts[1] : "")) throw Error(lineNumber, line, "HELP given twice");
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped")) throw Error(lineNumber, line, "bad TYPE");
                if (families.ContainsKey(parts[0])) throw Error(lineNumber, line, "family declared twice");
                if (!MetricName().IsMatch(parts[0])) throw Error(lineNumber, line, "bad metric name");
                current = new MetricFamily(parts[0], parts[1], help.GetValueOrDefault(parts[0]) ?? throw Error(lineNumber, line, "TYPE without HELP"));
                families[current.Name] = current;
                continue;
            }
            if (line.StartsWith('#')) continue;

            var match = SampleLine().Match(line);
            if (!match.Success) throw Error(lineNumber, line, "not a sample line");
            var name = match.Groups["name"].Value;
            if (current is null || !BelongsTo(name, current)) throw Error(lineNumber, line, "sample outside its family");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in Label().Matches(match.Groups["labels"].Value))
            {
                if (!labels.TryAdd(label.Groups["key"].Value, Unescape(label.Groups["value"].Value))) throw Error(lineNumber, line, "label given twice");
            }
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                var v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
            current.Samples.Add(new Sample(name, labels, value));
        }
        foreach (var histogram in families.Values.Where(f => f.Type == "histogram" && f.Samples.Count > 0))
        {
            if (!histogram.Samples.Any(s => s.Name == histogram.Name + "_bucket" && s.Labels.GetValueOrDefault("le") == "+Inf"))
            {
                throw new FormatException($"Histogram {histogram.Name} has no +Inf bucket.");
            }
        }
        return new PrometheusText(families);
    }

    /// <summary>The value of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>; null when absent.</summary>
    public double? Value(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Select(s => (double?)s.Value).FirstOrDefault();

    private static bool BelongsTo(string sample, MetricFamily family) =>
        sample == family.Name
        || (family.Type is "histogram" or "summary" && (sample == family.Name + "_bucket" || sample == family.Name + "_sum" || sample == family.Name + "_count"));

    private static string Unescape(string value) => value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    private static FormatException Error(int lineNumber, string line, string what) => new($"Line {lineNumber}: {what}: {line}");

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex Label();

    public sealed record MetricFamily(string Name, string Type, string Help)
    {
        public List<Sample> Samples { get; } = [];
    }

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public string Key => Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
    }
}
