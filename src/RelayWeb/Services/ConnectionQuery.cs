namespace RelayWeb.Services;

/// <summary>
/// A ledger query, as the API and the Connections page express it. <see cref="State"/> is <c>open</c>, <c>closed</c> or null
/// (both). <see cref="Source"/>, <see cref="Target"/> and <see cref="Host"/> (Mihomo's host or sniffed host) match substrings. <see cref="Since"/>/<see cref="Until"/> bound the start time.
/// <see cref="Sort"/> is a field name (<c>start</c>, <c>end</c>, <c>bytesUp</c>, <c>bytesDown</c>, <c>durationMs</c>, <c>source</c>, <c>target</c>, <c>relayId</c>); default newest first.
/// </summary>
public sealed record ConnectionQuery
{
    public string? Relay { get; init; }
    public string? Agent { get; init; }
    public string? State { get; init; }
    public string? Source { get; init; }
    public string? Target { get; init; }

    /// <summary>Substring of the host name an external source reported (Mihomo <c>host</c> or <c>sniffHost</c>); relayed connections have none.</summary>
    public string? Host { get; init; }
    public DateTime? Since { get; init; }
    public DateTime? Until { get; init; }
    public string? Sort { get; init; }
    public bool Descending { get; init; } = true;
    public int Offset { get; init; }
    public int Limit { get; init; } = 100;
}
