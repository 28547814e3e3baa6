using RelayWeb.Statistics;

namespace RelayWeb.Api.Contracts;

/// <summary>
/// The answer of <c>GET /api/v1/stats</c>: the range (minute resolution), the grouping and bucket used, totals over the
/// range, the top groups, the series, and how many minutes each store answered (<c>sources</c>: day, hour and minute
/// roll-ups, and the ledger for minutes not rolled up yet).
/// </summary>
public sealed record StatsDto(
    DateTime From,
    DateTime To,
    string? GroupBy,
    string? Bucket,
    string SortBy,
    StatsTotalsDto Totals,
    IReadOnlyList<StatsGroupDto> Groups,
    IReadOnlyList<StatsPointDto> Series,
    StatsSources Sources)
{
    public static StatsDto Of(StatsResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var q = result.Query;
        return new StatsDto(
            q.From,
            q.To,
            q.GroupBy is { } g ? StatsParameterNames.Of(g) : null,
            q.Bucket is { } b ? StatsParameterNames.Of(b) : null,
            StatsParameterNames.Of(q.SortBy),
            StatsTotalsDto.From(result.Totals),
            result.Groups.Select(x => new StatsGroupDto(x.Key, StatsTotalsDto.From(x.Totals))).ToList(),
            result.Series.Select(p => new StatsPointDto(p.TimeUtc, p.Key, StatsTotalsDto.From(p.Totals))).ToList(),
            result.Sources);
    }
}
