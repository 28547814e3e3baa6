using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using RelayData.Entities;
using RelayWeb.Services;

namespace RelayWeb.Data;

/// <summary>Turns a <see cref="ConnectionQuery"/> into SQL: its filters (<see cref="ApplyFilter"/>) and its order (<see cref="ApplySort"/>).</summary>
internal static class ConnectionQueryFilter
{
    /// <summary>
    /// Relay and agent match exactly; state is <c>open</c>/<c>closed</c> (any case); source, target and host (Mihomo's host
    /// or sniffed host) match substrings (ASCII case-insensitive); since (inclusive) and until (exclusive) bound the start time. Throws
    /// <see cref="ArgumentException"/> on an unknown state.
    /// </summary>
    public static IQueryable<Connection> ApplyFilter(this IQueryable<Connection> rows, ConnectionQuery query)
    {
        if (!string.IsNullOrEmpty(query.Relay)) rows = rows.Where(c => c.RelayId == query.Relay);
        if (!string.IsNullOrEmpty(query.Agent)) rows = rows.Where(c => c.AgentId == query.Agent);
        if (!string.IsNullOrEmpty(query.State))
        {
            var open = query.State.ToLowerInvariant() switch
            {
                "open" => true,
                "closed" => false,
                _ => throw new ArgumentException($"Unknown state '{query.State}'; use 'open' or 'closed'.", nameof(query)),
            };
            rows = rows.Where(c => c.IsOpen == open);
        }
        if (!string.IsNullOrEmpty(query.Source))
        {
            var pattern = ContainsPattern(query.Source);
            rows = rows.Where(c => EF.Functions.Like(c.Source, pattern, "\\"));
        }
        if (!string.IsNullOrEmpty(query.Target))
        {
            var pattern = ContainsPattern(query.Target);
            rows = rows.Where(c => c.Target != null && EF.Functions.Like(c.Target, pattern, "\\"));
        }
        if (!string.IsNullOrEmpty(query.Host))
        {
            var pattern = ContainsPattern(query.Host);
            rows = rows.Where(c => (c.Host != null && EF.Functions.Like(c.Host, pattern, "\\"))
                || (c.SniffHost != null && EF.Functions.Like(c.SniffHost, pattern, "\\")));
        }
        if (query.Since is { } since)
        {
            var sinceUtc = ToUtc(since);
            rows = rows.Where(c => c.StartUtc >= sinceUtc);
        }
        if (query.Until is { } until)
        {
            var untilUtc = ToUtc(until);
            rows = rows.Where(c => c.StartUtc < untilUtc);
        }
        return rows;
    }

    /// <summary>
    /// Orders by <see cref="ConnectionQuery.Sort"/> (field names as documented there, any case; default <c>start</c>), then by
    /// id so pages are stable. Throws <see cref="ArgumentException"/> on an unknown field. Open rows have no end time or
    /// duration yet; SQLite sorts those NULLs first ascending and last descending.
    /// </summary>
    public static IQueryable<Connection> ApplySort(this IQueryable<Connection> rows, ConnectionQuery query)
    {
        var descending = query.Descending;
        var ordered = (query.Sort ?? "start").ToLowerInvariant() switch
        {
            "" or "start" => Order(rows, c => c.StartUtc, descending),
            "end" => Order(rows, c => c.EndUtc, descending),
            "bytesup" => Order(rows, c => c.BytesUp, descending),
            "bytesdown" => Order(rows, c => c.BytesDown, descending),
            "durationms" => Order(rows, c => c.DurationMs, descending),
            "source" => Order(rows, c => c.Source, descending),
            "target" => Order(rows, c => c.Target, descending),
            "relayid" => Order(rows, c => c.RelayId, descending),
            _ => throw new ArgumentException(
                $"Unknown sort field '{query.Sort}'; use start, end, bytesUp, bytesDown, durationMs, source, target or relayId.", nameof(query)),
        };
        return descending ? ordered.ThenByDescending(c => c.Id) : ordered.ThenBy(c => c.Id);
    }

    private static IOrderedQueryable<Connection> Order<TKey>(IQueryable<Connection> rows, Expression<Func<Connection, TKey>> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);

    private static string ContainsPattern(string value) =>
        "%" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    private static DateTime ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => value,
    };
}
