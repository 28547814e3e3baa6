using System.Globalization;
using System.Text;

namespace RelayWeb.Metrics;

/// <summary>
/// Collects metric families and writes them in the Prometheus text exposition format (version 0.0.4): per family one
/// <c># HELP</c> and one <c># TYPE</c> line, then its samples, families in the order they were first declared. Label values
/// are escaped (backslash, double quote, line feed); numbers are invariant, with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>.
/// </summary>
public sealed class PrometheusWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
    private readonly List<Family> _order = [];

    /// <summary>Declares a family (idempotent: a second call with the same name adds nothing).</summary>
    /// <param name="type"><c>counter</c>, <c>gauge</c>, <c>histogram</c> or <c>untyped</c>.</param>
    public PrometheusWriter Declare(string name, string type, string help)
    {
        if (!MetricNames.IsValidMetricName(name)) throw new ArgumentException($"'{name}' is not a valid metric name.", nameof(name));
        if (!_families.ContainsKey(name))
        {
            var family = new Family(name, type, help);
            _families[name] = family;
            _order.Add(family);
        }
        return this;
    }

    /// <summary>Adds a sample to family <paramref name="family"/>; <paramref name="suffix"/> is <c>_bucket</c>, <c>_sum</c> or <c>_count</c> for histograms.</summary>
    public PrometheusWriter Sample(string family, double value, IEnumerable<KeyValuePair<string, string>>? labels = null, string suffix = "")
    {
        if (!_families.TryGetValue(family, out var target)) throw new InvalidOperationException($"Family '{family}' was not declared.");
        target.Samples.Add(new SampleLine(family + suffix, labels?.ToArray() ?? [], value));
        return this;
    }

    public PrometheusWriter Sample(string family, double value, params (string Name, string Value)[] labels) =>
        Sample(family, value, labels.Select(l => new KeyValuePair<string, string>(l.Name, l.Value)));

    /// <summary>Declares a family and adds one unlabelled sample.</summary>
    public PrometheusWriter Single(string name, string type, string help, double value) => Declare(name, type, help).Sample(name, value);

    public override string ToString()
    {
        var text = new StringBuilder(4096);
        foreach (var family in _order)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type).Append('\n');
            foreach (var sample in family.Samples)
            {
                text.Append(sample.Name);
                if (sample.Labels.Length > 0)
                {
                    text.Append('{');
                    for (var i = 0; i < sample.Labels.Length; i++)
                    {
                        if (i > 0) text.Append(',');
                        text.Append(sample.Labels[i].Key).Append("=\"").Append(EscapeLabel(sample.Labels[i].Value)).Append('"');
                    }
                    text.Append('}');
                }
                text.Append(' ').Append(FormatValue(sample.Value)).Append('\n');
            }
        }
        return text.ToString();
    }

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed record Family(string Name, string Type, string Help)
    {
        public List<SampleLine> Samples { get; } = [];
    }

    private sealed record SampleLine(string Name, KeyValuePair<string, string>[] Labels, double Value);
}
