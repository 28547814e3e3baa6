using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RelayWeb.Statistics;

namespace RelayWeb.Api;

/// <summary>
/// Query of <c>GET /api/v1/stats</c>. Names of the tracker seed's statistics API are accepted as aliases: <c>agent_id</c>,
/// <c>group_by</c>, <c>interval</c> (bucket), <c>metric</c> (<c>connections|download|upload|total</c>), <c>sort_by</c>,
/// <c>sort_order</c>, <c>type</c> (<c>summary|group|timeseries</c>), <c>chains</c>, and <c>geoip</c> (refused: no GeoIP data is recorded).
/// </summary>
public sealed class StatsParameters
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 1000;
    public const int MaxPoints = 10_000;
    private static readonly TimeSpan s_maxRange = TimeSpan.FromDays(3660);

    [FromQuery(Name = "from"), Description("Start, ISO-8601 or Unix seconds (default: `to` minus `range`, or minus 24 h).")]
    public string? From { get; init; }
    [FromQuery(Name = "to"), Description("End (exclusive), ISO-8601 or Unix seconds (default now).")]
    public string? To { get; init; }
    [FromQuery(Name = "range"), Description("Length of the range ending at `to` when `from` is not given: 15m, 1h, 24h, 7d, 30d, 90d, 1y.")]
    public string? Range { get; init; }
    [FromQuery(Name = "agent"), Description("Agent id (alias `agent_id`).")]
    public string? Agent { get; init; }
    [FromQuery(Name = "agent_id"), Description("Alias of `agent` (tracker seed).")]
    public string? AgentId { get; init; }
    [FromQuery(Name = "relay"), Description("Relay id.")]
    public string? Relay { get; init; }
    [FromQuery(Name = "network"), Description("tcp or udp.")]
    public string? Network { get; init; }
    [FromQuery(Name = "source"), Description("Client address without port; `*` is a wildcard.")]
    public string? Source { get; init; }
    [FromQuery(Name = "destination"), Description("Destination host:port (relay target, or Mihomo's host:port); `*` is a wildcard.")]
    public string? Destination { get; init; }
    [FromQuery(Name = "host"), Description("Host name (Mihomo's host, else the destination's host); `*` is a wildcard.")]
    public string? Host { get; init; }
    [FromQuery(Name = "chain"), Description("A proxy or group name in the Mihomo chain (alias `chains`).")]
    public string? Chain { get; init; }
    [FromQuery(Name = "chains"), Description("Alias of `chain` (tracker seed).")]
    public string? Chains { get; init; }
    [FromQuery(Name = "rule"), Description("Mihomo rule.")]
    public string? Rule { get; init; }
    [FromQuery(Name = "process"), Description("Mihomo process name.")]
    public string? Process { get; init; }
    [FromQuery(Name = "geoip"), Description("Tracker seed filter; refused with 400 because no GeoIP data is recorded.")]
    public string? GeoIp { get; init; }
    [FromQuery(Name = "groupBy"), Description("host, destination, source, agent, relay, chain, rule, network or process (alias `group_by`).")]
    public string? GroupBy { get; init; }
    [FromQuery(Name = "group_by"), Description("Alias of `groupBy` (tracker seed).")]
    public string? GroupByAlias { get; init; }
    [FromQuery(Name = "bucket"), Description("Time series bucket: minute, hour, day, week or month (alias `interval`).")]
    public string? Bucket { get; init; }
    [FromQuery(Name = "interval"), Description("Alias of `bucket` (tracker seed).")]
    public string? Interval { get; init; }
    [FromQuery(Name = "type"), Description("Tracker seed: summary (totals only), group (needs groupBy) or timeseries (bucket defaults to hour).")]
    public string? Type { get; init; }
    [FromQuery(Name = "sortBy"), Description("Top-N order: bytesTotal (default), bytesUp, bytesDown, connections, avgDuration, p95Duration; seed names total, upload, download (aliases `sort_by`, `metric`).")]
    public string? SortBy { get; init; }
    [FromQuery(Name = "sort_by"), Description("Alias of `sortBy` (tracker seed).")]
    public string? SortByAlias { get; init; }
    [FromQuery(Name = "metric"), Description("Alias of `sortBy` (tracker seed: connections, download, upload, total).")]
    public string? Metric { get; init; }
    [FromQuery(Name = "order"), Description("asc or desc (default; alias `sort_order`).")]
    public string? Order { get; init; }
    [FromQuery(Name = "sort_order"), Description("Alias of `order` (tracker seed).")]
    public string? SortOrder { get; init; }
    [FromQuery(Name = "limit"), Description("Top-N size, 1-1000 (default 10).")]
    public int? Limit { get; init; }

    /// <summary>The query, or errors keyed by parameter name.</summary>
    public bool TryGetQuery(DateTime nowUtc, out StatsQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var to = ParseTime(To, "to", errors) ?? nowUtc;
        var range = ParseRange(Range, errors);
        var from = ParseTime(From, "from", errors) ?? to - (range ?? TimeSpan.FromDays(1));
        if (from >= to) errors["from"] = ["'from' must be before 'to'."];
        else if (to - from > s_maxRange) errors["from"] = ["The range may be at most 3660 days."];
        if (!string.IsNullOrEmpty(GeoIp)) errors["geoip"] = ["GeoIP statistics are not available: Relay records no GeoIP data."];

        var type = First(Type)?.ToLowerInvariant();
        if (type is not null and not ("summary" or "group" or "timeseries")) errors["type"] = [$"Unknown type '{Type}'; use summary, group or timeseries."];

        StatsDimension? groupBy = null;
        if (First(GroupBy, GroupByAlias) is { } g)
        {
            if (StatsParameterNames.TryParse(g, out StatsDimension d)) groupBy = d;
            else if (string.Equals(g, "geoip", StringComparison.OrdinalIgnoreCase)) errors["groupBy"] = ["GeoIP statistics are not available: Relay records no GeoIP data."];
            else errors["groupBy"] = [$"Unknown groupBy '{g}'; use host, destination, source, agent, relay, chain, rule, network or process."];
        }
        StatsBucket? bucket = null;
        if (First(Bucket, Interval) is { } b)
        {
            if (StatsParameterNames.TryParse(b, out StatsBucket v)) bucket = v;
            else errors["bucket"] = [$"Unknown bucket '{b}'; use minute, hour, day, week or month."];
        }
        var sortBy = StatsMetric.BytesTotal;
        if (First(SortBy, SortByAlias, Metric) is { } m)
        {
            if (StatsParameterNames.TryParse(m, out StatsMetric v)) sortBy = v;
            else errors["sortBy"] = [$"Unknown metric '{m}'; use {string.Join(", ", StatsParameterNames.Metrics)}."];
        }
        var order = First(Order, SortOrder)?.ToLowerInvariant();
        if (order is not null and not ("asc" or "desc")) errors["order"] = [$"Unknown order '{order}'; use 'asc' or 'desc'."];
        if (Limit is < 1 or > MaxLimit) errors["limit"] = [$"Limit must be between 1 and {MaxLimit}."];

        if (type == "summary") { groupBy = null; bucket = null; }
        if (type == "group" && groupBy is null && !errors.ContainsKey("groupBy")) errors["groupBy"] = ["type=group needs groupBy (or group_by)."];
        if (type == "timeseries") bucket ??= StatsBucket.Hour;
        if (bucket is { } size && from < to)
        {
            var minutes = size switch { StatsBucket.Minute => 1, StatsBucket.Hour => 60, StatsBucket.Day => 1440, StatsBucket.Week => 10080, _ => 43200 };
            if ((to - from).TotalMinutes / minutes > MaxPoints) errors["bucket"] = [$"Too many {StatsParameterNames.Of(size)} buckets for this range (at most {MaxPoints}); use a larger bucket."];
        }

        query = new StatsQuery
        {
            From = from,
            To = to,
            Agent = First(Agent, AgentId),
            Relay = First(Relay),
            Network = First(Network),
            Source = First(Source),
            Destination = First(Destination),
            Host = First(Host),
            Chain = First(Chain, Chains),
            Rule = First(Rule),
            Process = First(Process),
            GroupBy = groupBy,
            Bucket = bucket,
            SortBy = sortBy,
            Ascending = order == "asc",
            Limit = Limit ?? DefaultLimit,
        };
        return errors.Count == 0;
    }

    private static string? First(params string?[] values) => values.Select(v => v?.Trim()).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static DateTime? ParseTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
        {
            // Unix seconds; values this large can only be milliseconds (year 5138 onwards in seconds).
            if (number is >= 0 and < 100_000_000_000) return DateTime.UnixEpoch.AddSeconds(number);
            if (number is >= 100_000_000_000 and < 100_000_000_000_000) return DateTime.UnixEpoch.AddMilliseconds(number);
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.UtcDateTime;
        }
        errors[field] = [$"'{text}' is not a time; use ISO-8601 (2026-11-21T10:00:00Z) or Unix seconds."];
        return null;
    }

    private static TimeSpan? ParseRange(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().ToLowerInvariant();
        if (t.Length >= 2 && int.TryParse(t[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (t[^1])
            {
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
                case 'y': return TimeSpan.FromDays(365.0 * n);
            }
        }
        errors["range"] = [$"'{text}' is not a range; use a number and a unit: 15m, 24h, 7d, 1y."];
        return null;
    }
}
