using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using RelayWeb.Jobs;

namespace RelayWeb.Metrics;

/// <summary>
/// Exports <see cref="System.Diagnostics.Metrics"/> instruments in Prometheus form through a <see cref="MeterListener"/>
/// (prometheus-net and OpenTelemetry are not in the package mirror): ASP.NET Core's HTTP server and Kestrel meters, the
/// runtime's <c>System.Runtime</c> meter, and Relay's own <c>Relay.Jobs</c>. Counters are summed, up-down counters and
/// gauges kept as gauges, histograms bucketed with the instrument's advised boundaries. Meters created by another
/// host's <see cref="IMeterFactory"/> in the same process (tests run several) are ignored. At most
/// <see cref="MaxSeriesPerInstrument"/> label sets are kept per instrument, so a misbehaving tag cannot blow up a scrape.
/// </summary>
public sealed class MeterMetricsSource : IMetricsSource, IDisposable
{
    public const int MaxSeriesPerInstrument = 1000;

    /// <summary>The meters exported.</summary>
    public static IReadOnlySet<string> Meters { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "System.Runtime",
        JobMetrics.MeterName,
    };

    // The runtime publishes these levels as ObservableCounter although they go down; exported as the gauges they are.
    private static readonly HashSet<string> s_levels = new(StringComparer.Ordinal) { "dotnet.thread_pool.thread.count", "dotnet.thread_pool.queue.length" };

    private static readonly double[] s_secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] s_defaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly IMeterFactory _meterFactory;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, Aggregate> _aggregates = new();

    public MeterMetricsSource(IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory ?? throw new ArgumentNullException(nameof(meterFactory));
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished, MeasurementsCompleted = (instrument, _) => _aggregates.TryRemove(instrument, out Aggregate? _) };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((Aggregate)state!).Record(value, tags));
        _listener.Start();
    }

    public Task CollectAsync(PrometheusWriter writer, CancellationToken cancellationToken)
    {
        _listener.RecordObservableInstruments();
        foreach (var aggregate in _aggregates.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            aggregate.Write(writer);
        }
        return Task.CompletedTask;
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!Meters.Contains(instrument.Meter.Name)) return;
        if (instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, _meterFactory)) return;
        if (KindOf(instrument) is not { } kind) return;
        var aggregate = new Aggregate(instrument, kind, BucketsOf(instrument));
        if (_aggregates.TryAdd(instrument, aggregate)) listener.EnableMeasurementEvents(instrument, aggregate);
    }

    private static InstrumentKind? KindOf(Instrument instrument)
    {
        if (s_levels.Contains(instrument.Name)) return InstrumentKind.Gauge;
        var type = instrument.GetType();
        if (!type.IsGenericType) return null;
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>)) return InstrumentKind.Counter;
        if (definition == typeof(ObservableCounter<>)) return InstrumentKind.ObservableCounter;
        if (definition == typeof(UpDownCounter<>)) return InstrumentKind.UpDownCounter;
        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>)) return InstrumentKind.Gauge;
        if (definition == typeof(Histogram<>)) return InstrumentKind.Histogram;
        return null;
    }

    private static double[] BucketsOf(Instrument instrument)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToList(),
            _ => null,
        };
        if (advised is { Count: > 0 }) return [.. advised.Order()];
        return instrument.Unit == "s" ? s_secondsBuckets : s_defaultBuckets;
    }

    private enum InstrumentKind
    {
        Counter,
        ObservableCounter,
        UpDownCounter,
        Gauge,
        Histogram,
    }

    /// <summary>One instrument's series (one per label set), updated under its own lock.</summary>
    private sealed class Aggregate(Instrument instrument, InstrumentKind kind, double[] buckets)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);

        public string Name { get; } = MetricNames.FromInstrument(instrument.Name, instrument.Unit, kind is InstrumentKind.Counter or InstrumentKind.ObservableCounter);

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = ToLabels(tags);
            var key = string.Join('\u001f', labels.Select(l => l.Key + "=" + l.Value));
            lock (_gate)
            {
                if (!_series.TryGetValue(key, out var series))
                {
                    if (_series.Count >= MaxSeriesPerInstrument) return;
                    series = new Series(labels, kind == InstrumentKind.Histogram ? new long[buckets.Length + 1] : null);
                    _series[key] = series;
                }
                switch (kind)
                {
                    case InstrumentKind.Counter:
                    case InstrumentKind.UpDownCounter:
                        series.Value += value;
                        break;
                    case InstrumentKind.ObservableCounter:
                    case InstrumentKind.Gauge:
                        series.Value = value; // observable callbacks report the current (cumulative) value
                        break;
                    case InstrumentKind.Histogram:
                        var index = Array.BinarySearch(buckets, value);
                        if (index < 0) index = ~index; // first boundary >= value; buckets.Length is the +Inf bucket
                        series.Buckets![index]++;
                        series.Value += value;
                        series.Count++;
                        break;
                }
            }
        }

        public void Write(PrometheusWriter writer)
        {
            var type = kind switch
            {
                InstrumentKind.Counter or InstrumentKind.ObservableCounter => "counter",
                InstrumentKind.Histogram => "histogram",
                _ => "gauge",
            };
            var help = string.IsNullOrWhiteSpace(instrument.Description) ? $"{instrument.Name} ({instrument.Meter.Name})" : instrument.Description;
            writer.Declare(Name, type, help);
            lock (_gate)
            {
                foreach (var series in _series.Values)
                {
                    if (kind != InstrumentKind.Histogram)
                    {
                        writer.Sample(Name, series.Value, series.Labels);
                        continue;
                    }
                    long cumulative = 0;
                    for (var i = 0; i <= buckets.Length; i++)
                    {
                        cumulative += series.Buckets![i];
                        var le = i < buckets.Length ? PrometheusWriter.FormatValue(buckets[i]) : "+Inf";
                        writer.Sample(Name, cumulative, [.. series.Labels, new KeyValuePair<string, string>("le", le)], "_bucket");
                    }
                    writer.Sample(Name, series.Value, series.Labels, "_sum");
                    writer.Sample(Name, series.Count, series.Labels, "_count");
                }
            }
        }

        private static KeyValuePair<string, string>[] ToLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0) return [];
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                labels[i] = new(MetricNames.Label(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
            }
            Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return labels;
        }
    }

    private sealed class Series(KeyValuePair<string, string>[] labels, long[]? buckets)
    {
        public KeyValuePair<string, string>[] Labels { get; } = labels;
        public long[]? Buckets { get; } = buckets;
        public double Value { get; set; }
        public long Count { get; set; }
    }
}
