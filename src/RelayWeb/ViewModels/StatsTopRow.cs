namespace RelayWeb.ViewModels;

/// <summary>A row of a Statistics top table: what it is, its traffic and its share of the table's largest, and where its connections are listed.</summary>
public sealed record StatsTopRow(
    string Key,
    string Label,
    long BytesUp,
    long BytesDown,
    long Connections,
    double? P95DurationMs,
    double Share,
    string DrillDownUrl)
{
    public long BytesTotal => BytesUp + BytesDown;
}
