namespace RelayWeb.Api.Contracts;

/// <summary>One time-series point: bucket start (UTC), group key when grouped, totals. Buckets without traffic are left out.</summary>
public sealed record StatsPointDto(DateTime Time, string? Key, StatsTotalsDto Totals);
