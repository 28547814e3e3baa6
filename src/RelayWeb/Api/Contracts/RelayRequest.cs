namespace RelayWeb.Api.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/relays</c> and <c>PUT /api/v1/relays/{id}</c>. Protocol and strategy are words (<c>tcp|udp</c>,
/// <c>failover|round-robin|all</c>; defaults <c>tcp</c> and <c>failover</c>); timeouts are milliseconds (null: engine default);
/// <c>maxConnections</c> null or 0 is unlimited; <c>enabled</c> defaults to true.
/// </summary>
public sealed record RelayRequest
{
    /// <summary>Unique name (ignoring case); defaults to the generated id.</summary>
    public string? Name { get; init; }

    /// <summary><c>tcp</c> (default) or <c>udp</c>.</summary>
    public string? Protocol { get; init; }

    /// <summary>Listen address, <c>IP:PORT</c> or <c>[IPv6]:PORT</c>; port 0 picks a free port.</summary>
    public string? Listen { get; init; }

    /// <summary>One or more <c>HOST:PORT</c> targets.</summary>
    public IReadOnlyList<string?>? Targets { get; init; }

    /// <summary><c>failover</c> (default), <c>round-robin</c>, or <c>all</c> (UDP fan-out).</summary>
    public string? Strategy { get; init; }

    public int? ConnectTimeoutMs { get; init; }
    public int? IdleTimeoutMs { get; init; }
    public int? MaxConnections { get; init; }
    public bool? Enabled { get; init; }
}
