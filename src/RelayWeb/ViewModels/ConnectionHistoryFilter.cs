using System.Globalization;
using System.Text;
using RelayWeb.Services;

namespace RelayWeb.ViewModels;

/// <summary>
/// The History tab's filters, turned into an <see cref="IConnectionQueries"/> query for the grid and into the same
/// query string for the CSV export link, so what you download is what you see.
/// </summary>
public sealed class ConnectionHistoryFilter
{
    public const string ExportPath = "/api/v1/connections/export.csv";

    /// <summary>Grid column (property) → the query's sort field.</summary>
    private static readonly Dictionary<string, string> s_sortFields = new(StringComparer.Ordinal)
    {
        [nameof(ConnectionHistoryRow.StartUtc)] = "start",
        [nameof(ConnectionHistoryRow.EndUtc)] = "end",
        [nameof(ConnectionHistoryRow.BytesUp)] = "bytesUp",
        [nameof(ConnectionHistoryRow.BytesDown)] = "bytesDown",
        [nameof(ConnectionHistoryRow.DurationMs)] = "durationMs",
        [nameof(ConnectionHistoryRow.Source)] = "source",
        [nameof(ConnectionHistoryRow.Target)] = "target",
        [nameof(ConnectionHistoryRow.RelayId)] = "relayId",
    };

    public string? RelayId { get; set; }

    /// <summary>The node the connections went through (an agent id, or this node's own); null for every node.</summary>
    public string? AgentId { get; set; }

    /// <summary><c>open</c>, <c>closed</c> or null for both.</summary>
    public string? State { get; set; }

    public string? Source { get; set; }
    public string? Target { get; set; }
    public HistoryTimeRange Range { get; set; } = HistoryTimeRange.Last24Hours;

    /// <summary>UTC bounds of <see cref="HistoryTimeRange.Custom"/>.</summary>
    public DateTime? CustomSinceUtc { get; set; }

    public DateTime? CustomUntilUtc { get; set; }

    public static string? SortField(string? property) =>
        property is not null && s_sortFields.TryGetValue(property, out var field) ? field : null;

    public (DateTime? Since, DateTime? Until) ResolveRange(DateTime nowUtc) => Range switch
    {
        HistoryTimeRange.Last15Minutes => (nowUtc.AddMinutes(-15), null),
        HistoryTimeRange.LastHour => (nowUtc.AddHours(-1), null),
        HistoryTimeRange.Last24Hours => (nowUtc.AddHours(-24), null),
        HistoryTimeRange.Last7Days => (nowUtc.AddDays(-7), null),
        _ => (AsUtc(CustomSinceUtc), AsUtc(CustomUntilUtc)),
    };

    public ConnectionQuery ToQuery(DateTime nowUtc, int offset, int limit, string? sortProperty = null, bool descending = true)
    {
        var (since, until) = ResolveRange(nowUtc);
        return new ConnectionQuery
        {
            Relay = Blank(RelayId),
            Agent = Blank(AgentId),
            State = Blank(State),
            Source = Blank(Source),
            Target = Blank(Target),
            Since = since,
            Until = until,
            Sort = SortField(sortProperty),
            Descending = SortField(sortProperty) is null || descending,
            Offset = Math.Max(0, offset),
            Limit = Math.Clamp(limit, 1, 1000),
        };
    }

    /// <summary>The export link with the current filters (times as ISO 8601 UTC), for the grid's "Export CSV".</summary>
    public string ExportUrl(DateTime nowUtc)
    {
        var (since, until) = ResolveRange(nowUtc);
        var query = new StringBuilder();
        Append(query, "relay", Blank(RelayId));
        Append(query, "agent", Blank(AgentId));
        Append(query, "state", Blank(State));
        Append(query, "source", Blank(Source));
        Append(query, "target", Blank(Target));
        Append(query, "since", since?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Append(query, "until", until?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        return query.Length == 0 ? ExportPath : ExportPath + "?" + query;
    }

    public void Clear()
    {
        RelayId = null;
        AgentId = null;
        State = null;
        Source = null;
        Target = null;
        Range = HistoryTimeRange.Last24Hours;
        CustomSinceUtc = null;
        CustomUntilUtc = null;
    }

    private static void Append(StringBuilder query, string name, string? value)
    {
        if (value is null) return;
        if (query.Length > 0) query.Append('&');
        query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTime? AsUtc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}
