namespace RelayWeb.Statistics;

/// <summary>
/// A statistics question: a UTC range (<see cref="From"/> inclusive, <see cref="To"/> exclusive, minute resolution),
/// filters on the roll-up keys (exact, case-insensitive; <c>*</c> is a wildcard; <see cref="Chain"/> matches any element of
/// the chain), an optional grouping with a top-N <see cref="Limit"/> ordered by <see cref="SortBy"/>, and an optional time
/// series <see cref="Bucket"/> (per group when grouped: the top groups only).
/// </summary>
public sealed record StatsQuery
{
    public required DateTime From { get; init; }
    public required DateTime To { get; init; }
    public string? Agent { get; init; }
    public string? Relay { get; init; }
    public string? Network { get; init; }
    public string? Source { get; init; }
    public string? Destination { get; init; }
    public string? Host { get; init; }
    public string? Chain { get; init; }
    public string? Rule { get; init; }
    public string? Process { get; init; }
    public StatsDimension? GroupBy { get; init; }
    public StatsBucket? Bucket { get; init; }
    public StatsMetric SortBy { get; init; } = StatsMetric.BytesTotal;
    public bool Ascending { get; init; }
    public int Limit { get; init; } = 10;
}
