namespace RelayEngine.Configuration;

/// <summary>
/// One end of a tunnel as the user declared it (NodePass's <c>server://KEY@TUNNEL/TARGET?...</c> or
/// <c>client://KEY@TUNNEL/TARGET?...</c>). Immutable; value equality compares <see cref="Targets"/> element by element, so
/// the engine restarts an end only when something about it changed.
/// </summary>
/// <remarks>
/// What <see cref="Targets"/> means depends on the role and the flow:
/// <code>
///              Reverse (server receives)                 Forward (server sends)
///  Server      Targets[0] = public listen (TCP+UDP)       Targets = where to dial (list + Strategy)
///  Client      Targets = where to dial (list + Strategy)  Targets[0] = local listen (TCP+UDP)
/// </code>
/// </remarks>
public sealed record TunnelConfig
{
    /// <summary>Stable id (compared case-insensitively). Required. The ledger names each end <c>{TunnelId}:server</c> / <c>{TunnelId}:client</c>.</summary>
    public required string TunnelId { get; init; }

    /// <summary>Human-readable name. Defaults to the id.</summary>
    public string? Name { get; init; }

    public required TunnelRole Role { get; init; }

    /// <summary>
    /// Server: the control listen address (<c>IP:PORT</c>, <c>:PORT</c> for all interfaces, port 0 picks one). Client: the
    /// server's <c>HOST:PORT</c>.
    /// </summary>
    public required string TunnelAddress { get; init; }

    /// <summary>Target address(es); see the remarks for what they mean per role and flow.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>How the dialling end picks among several <see cref="Targets"/> (as in forwards).</summary>
    public TargetStrategy Strategy { get; init; } = TargetStrategy.Failover;

    /// <summary>
    /// The tunnel key: the secret both ends share. Never sent on the wire (each connection proves it with an HMAC over a
    /// fresh challenge) and never derived from a port or address. Required.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>Server only (NodePass <c>mode</c>): the data-flow direction, or <see cref="TunnelFlow.Auto"/>. A client learns it from the server.</summary>
    public TunnelFlow Flow { get; init; } = TunnelFlow.Auto;

    /// <summary>Server only (NodePass <c>tls</c>). A client learns it from the server.</summary>
    public TunnelTlsMode Tls { get; init; } = TunnelTlsMode.None;

    /// <summary>Server with <see cref="TunnelTlsMode.Certificate"/> (NodePass <c>crt</c>): PEM certificate (chain) file.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>Server with <see cref="TunnelTlsMode.Certificate"/> (NodePass <c>key</c>): PEM private key file.</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>Client (NodePass <c>min</c>): idle data connections kept ready. Default 64.</summary>
    public int MinPool { get; init; } = 64;

    /// <summary>Server (NodePass <c>max</c>): the most idle data connections the pool may grow to; sent to the client. Default 1024.</summary>
    public int MaxPool { get; init; } = 1024;

    /// <summary>NodePass <c>read</c>: a connection or UDP session with no traffic either way for this long is closed; null uses the engine default.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>NodePass <c>rate</c>: bandwidth limit of this end in Mbit/s, each direction; 0 is unlimited.</summary>
    public int RateLimitMbps { get; init; }

    /// <summary>NodePass <c>proxy=1</c>: send a PROXY protocol v1 header with the user's address to the target before the data (TCP only).</summary>
    public bool ProxyProtocol { get; init; }

    /// <summary>NodePass <c>slot</c>: most concurrent connections (TCP) plus sessions (UDP) at this end; null or 0 is unlimited.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Connect timeout for dials (to the server, and to targets); null uses the engine default.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>A disabled end is kept but not run.</summary>
    public bool Enabled { get; init; } = true;

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? TunnelId : Name;

    public bool Equals(TunnelConfig? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        return string.Equals(TunnelId, other.TunnelId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && Role == other.Role
            && string.Equals(TunnelAddress, other.TunnelAddress, StringComparison.OrdinalIgnoreCase)
            && Targets.SequenceEqual(other.Targets, StringComparer.OrdinalIgnoreCase)
            && Strategy == other.Strategy
            && string.Equals(Key, other.Key, StringComparison.Ordinal)
            && Flow == other.Flow
            && Tls == other.Tls
            && string.Equals(CertificatePath, other.CertificatePath, StringComparison.Ordinal)
            && string.Equals(PrivateKeyPath, other.PrivateKeyPath, StringComparison.Ordinal)
            && MinPool == other.MinPool
            && MaxPool == other.MaxPool
            && IdleTimeout == other.IdleTimeout
            && RateLimitMbps == other.RateLimitMbps
            && ProxyProtocol == other.ProxyProtocol
            && MaxConnections == other.MaxConnections
            && ConnectTimeout == other.ConnectTimeout
            && Enabled == other.Enabled;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(TunnelId, StringComparer.OrdinalIgnoreCase);
        hash.Add(Role);
        hash.Add(TunnelAddress, StringComparer.OrdinalIgnoreCase);
        foreach (var target in Targets) hash.Add(target, StringComparer.OrdinalIgnoreCase);
        hash.Add(Flow);
        hash.Add(Tls);
        return hash.ToHashCode();
    }

    /// <summary>Never prints <see cref="Key"/> (the compiler-generated record ToString would).</summary>
    public override string ToString() =>
        $"{Role.ToString().ToLowerInvariant()}://***@{TunnelAddress}/{string.Join(',', Targets)} (tunnel '{TunnelId}', flow {Flow}, tls {Tls})";

    /// <summary>The config with the key replaced by <c>***</c>, for logs, snapshots and APIs.</summary>
    public TunnelConfig Redacted() => this with { Key = "***" };
}
