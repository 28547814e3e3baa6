namespace RelayWeb.Api.Contracts;

/// <summary>One row of the top-N list: the group key (host, source address, agent id...) and its totals.</summary>
public sealed record StatsGroupDto(string Key, StatsTotalsDto Totals);
