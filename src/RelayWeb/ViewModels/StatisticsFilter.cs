using System.Globalization;
using RelayWeb.Statistics;

namespace RelayWeb.ViewModels;

/// <summary>
/// The Statistics page's filters: a time range (preset or custom, UTC) with the bucket that suits it, and key filters.
/// Builds the <see cref="StatsQuery"/> for each part of the page and the Connections → History link a row drills down to.
/// </summary>
public sealed class StatisticsFilter
{
    public StatsRangePreset Range { get; set; } = StatsRangePreset.Last24Hours;
    public DateTime? CustomFromUtc { get; set; }
    public DateTime? CustomToUtc { get; set; }
    public string? Agent { get; set; }
    public string? Relay { get; set; }

    /// <summary><c>tcp</c>, <c>udp</c> or null for both.</summary>
    public string? Network { get; set; }

    public string? Host { get; set; }
    public string? Source { get; set; }

    public void Clear()
    {
        Agent = Relay = Network = Host = Source = null;
    }

    /// <summary>The range ending now (or the custom one) and the bucket its chart uses.</summary>
    public (DateTime From, DateTime To, StatsBucket Bucket) Resolve(DateTime nowUtc)
    {
        var to = nowUtc;
        var from = Range switch
        {
            StatsRangePreset.LastHour => nowUtc.AddHours(-1),
            StatsRangePreset.Last24Hours => nowUtc.AddHours(-24),
            StatsRangePreset.Last7Days => nowUtc.AddDays(-7),
            StatsRangePreset.Last30Days => nowUtc.AddDays(-30),
            StatsRangePreset.Last90Days => nowUtc.AddDays(-90),
            StatsRangePreset.LastYear => nowUtc.AddDays(-365),
            _ => CustomFromUtc ?? nowUtc.AddHours(-24),
        };
        if (Range == StatsRangePreset.Custom && CustomToUtc is { } customTo) to = customTo;
        if (from >= to) from = to.AddHours(-1);
        var span = to - from;
        var bucket = span <= TimeSpan.FromHours(3) ? StatsBucket.Minute
            : span <= TimeSpan.FromDays(8) ? StatsBucket.Hour
            : span <= TimeSpan.FromDays(120) ? StatsBucket.Day
            : StatsBucket.Week;
        return (from, to, bucket);
    }

    public StatsQuery ToQuery(DateTime nowUtc, StatsDimension? groupBy = null, bool series = false, int limit = 10)
    {
        var (from, to, bucket) = Resolve(nowUtc);
        return new StatsQuery
        {
            From = from,
            To = to,
            Agent = Empty(Agent),
            Relay = Empty(Relay),
            Network = Empty(Network),
            Host = Empty(Host),
            Source = Empty(Source),
            GroupBy = groupBy,
            Bucket = series ? bucket : null,
            Limit = limit,
        };
    }

    /// <summary>Connections → History with this row's key and the page's filters in the query string.</summary>
    public string DrillDownUrl(StatsDimension dimension, string key, DateTime fromUtc, DateTime toUtc)
    {
        var agent = dimension == StatsDimension.Agent ? key : Empty(Agent);
        var relay = dimension == StatsDimension.Relay ? key : Empty(Relay);
        var source = dimension == StatsDimension.Source ? key : Empty(Source);
        var target = dimension is StatsDimension.Host or StatsDimension.Destination ? key : Empty(Host);
        var parts = new List<string> { "view=history" };
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("agent", agent);
        Add("relay", relay);
        Add("source", source);
        Add("target", target);
        Add("since", fromUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add("until", toUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        return "/connections?" + string.Join("&", parts);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
