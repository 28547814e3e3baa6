using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RelayWeb.Services;

namespace RelayWeb.Api;

/// <summary>
/// Query of <c>GET /api/v1/connections</c> and its CSV export: <c>relay</c>, <c>agent</c>, <c>state</c> (<c>open|closed</c>),
/// <c>source</c>/<c>target</c> (substring), <c>since</c>/<c>until</c> (ISO-8601, bound the start time), <c>offset</c>,
/// <c>limit</c> (default 100, 1-1000), <c>sort</c> (<c>start</c>, <c>end</c>, <c>bytesUp</c>, <c>bytesDown</c>, <c>durationMs</c>,
/// <c>source</c>, <c>target</c>, <c>relayId</c>) and <c>order</c> (<c>asc|desc</c>, default desc).
/// </summary>
public sealed class ConnectionListParameters
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly string[] s_sortFields = ["start", "end", "bytesUp", "bytesDown", "durationMs", "source", "target", "relayId"];

    [FromQuery(Name = "relay"), Description("Relay id.")]
    public string? Relay { get; init; }
    [FromQuery(Name = "agent"), Description("Agent id.")]
    public string? Agent { get; init; }
    [FromQuery(Name = "state"), Description("open or closed.")]
    public string? State { get; init; }
    [FromQuery(Name = "source"), Description("Substring of the client address.")]
    public string? Source { get; init; }
    [FromQuery(Name = "target"), Description("Substring of the target address.")]
    public string? Target { get; init; }
    [FromQuery(Name = "host"), Description("Substring of the requested or sniffed host name (Mihomo connections).")]
    public string? Host { get; init; }
    [FromQuery(Name = "since"), Description("ISO-8601; connections that started at or after this time.")]
    public string? Since { get; init; }
    [FromQuery(Name = "until"), Description("ISO-8601; connections that started before this time.")]
    public string? Until { get; init; }
    [FromQuery(Name = "offset"), Description("Rows to skip (default 0).")]
    public int? Offset { get; init; }
    [FromQuery(Name = "limit"), Description("Rows to return, 1-1000 (default 100).")]
    public int? Limit { get; init; }
    [FromQuery(Name = "sort"), Description("start (default), end, bytesUp, bytesDown, durationMs, source, target or relayId.")]
    public string? Sort { get; init; }
    [FromQuery(Name = "order"), Description("asc or desc (default).")]
    public string? Order { get; init; }

    /// <summary>The ledger query, or errors keyed by parameter name.</summary>
    public bool TryGetQuery(out ConnectionQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var state = State?.Trim().ToLowerInvariant();
        if (state is { Length: > 0 } and not ("open" or "closed")) errors["state"] = [$"Unknown state '{State}'; use 'open' or 'closed'."];
        var since = ParseTime(Since, "since", errors);
        var until = ParseTime(Until, "until", errors);
        if (Offset is < 0) errors["offset"] = ["Offset must be 0 or more."];
        if (Limit is < 1 or > MaxLimit) errors["limit"] = [$"Limit must be between 1 and {MaxLimit}."];
        var sort = Sort is { Length: > 0 } ? s_sortFields.FirstOrDefault(f => string.Equals(f, Sort, StringComparison.OrdinalIgnoreCase)) : null;
        if (Sort is { Length: > 0 } && sort is null) errors["sort"] = [$"Unknown sort field '{Sort}'; use {string.Join(", ", s_sortFields)}."];
        var order = Order?.Trim().ToLowerInvariant();
        if (order is { Length: > 0 } and not ("asc" or "desc")) errors["order"] = [$"Unknown order '{Order}'; use 'asc' or 'desc'."];

        query = new ConnectionQuery
        {
            Relay = Empty(Relay),
            Agent = Empty(Agent),
            State = Empty(state),
            Source = Empty(Source),
            Target = Empty(Target),
            Host = Empty(Host),
            Since = since,
            Until = until,
            Sort = sort,
            Descending = order != "asc",
            Offset = Offset ?? 0,
            Limit = Limit ?? DefaultLimit,
        };
        return errors.Count == 0;
    }

    private static DateTime? ParseTime(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value.UtcDateTime;
        }
        errors[field] = [$"'{text}' is not an ISO-8601 time; use for example 2026-01-31T12:00:00Z."];
        return null;
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
