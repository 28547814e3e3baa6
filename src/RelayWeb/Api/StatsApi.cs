using Microsoft.AspNetCore.Http.HttpResults;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;
using RelayWeb.Statistics;

namespace RelayWeb.Api;

/// <summary><c>GET /api/v1/stats</c>: traffic totals, top-N groups and time series from the roll-ups and the ledger tail.</summary>
public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/stats", GetStats).WithTags("Statistics").RequireAuthorization(RelayPolicies.Read)
            .WithSummary("Traffic statistics")
            .WithDescription("Totals over a range, top-N groups (groupBy + limit, ordered by sortBy) and a time series (bucket). "
                + "Bytes are counted in the minutes they flowed; connections in the minute they opened; durations when they closed. "
                + "Answered from per-day, per-hour and per-minute roll-ups, and from the ledger for minutes not rolled up yet. "
                + "The tracker seed's parameter names are accepted too (agent_id, group_by, interval, metric, sort_by, sort_order, type, chains).");
        return api;
    }

    public static async Task<Results<Ok<StatsDto>, ValidationProblem>> GetStats(
        [AsParameters] StatsParameters parameters, StatsQueryService stats, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.TryGetQuery(time.GetUtcNow().UtcDateTime, out var query, out var errors)) return TypedResults.ValidationProblem(errors);
        var result = await stats.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(StatsDto.Of(result));
    }
}
