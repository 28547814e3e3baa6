using RelayWeb.Statistics;

namespace RelayWeb.Api.Contracts;

/// <summary>Traffic totals: bytes each way and in all, connections opened and closed, average and p95 duration (ms) of the closed ones.</summary>
public sealed record StatsTotalsDto(long BytesUp, long BytesDown, long BytesTotal, long Connections, long Closed, double? AvgDurationMs, double? P95DurationMs)
{
    public static StatsTotalsDto From(StatsTotals t) =>
        new(t.BytesUp, t.BytesDown, t.BytesTotal, t.Connections, t.Closed, Round(t.AvgDurationMs), Round(t.P95DurationMs));

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
