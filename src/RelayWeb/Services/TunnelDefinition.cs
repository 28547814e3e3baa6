using RelayEngine.Configuration;

namespace RelayWeb.Services;

/// <summary>
/// A stored tunnel: the settings both ends share, and its ends, each placed on a node. A tunnel made in the dashboard or
/// through <c>/api/v1/tunnels</c> usually has both ends; one created through the NodePass instance API from a single
/// <c>server://</c> or <c>client://</c> URL has one. The master compiles each end into a <see cref="TunnelConfig"/> for
/// the node that runs it (<see cref="ToEndConfig"/>).
/// </summary>
public sealed record TunnelDefinition
{
    /// <summary>Stable id: 12 lower-case hex characters when generated.</summary>
    public required string TunnelId { get; init; }
    public string? Name { get; init; }

    /// <summary>The tunnel key, shared by both ends. Redacted (<c>***</c>) in anything read back through the API.</summary>
    public required string Key { get; init; }

    public TunnelFlow Flow { get; init; } = TunnelFlow.Auto;
    public TunnelTlsMode Tls { get; init; } = TunnelTlsMode.None;
    public string? CertificatePath { get; init; }
    public string? PrivateKeyPath { get; init; }
    public int MinPool { get; init; } = 64;
    public int MaxPool { get; init; } = 1024;
    public TargetStrategy Strategy { get; init; } = TargetStrategy.Failover;
    public bool Enabled { get; init; } = true;

    /// <summary>NodePass <c>read</c>: idle timeout of a connection or UDP session; null: engine default.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>NodePass <c>rate</c>: bandwidth limit per end in Mbit/s, each way; 0 is unlimited.</summary>
    public int RateLimitMbps { get; init; }

    /// <summary>NodePass <c>proxy=1</c>: a PROXY protocol v1 header with the user's address toward the target (TCP).</summary>
    public bool ProxyProtocol { get; init; }

    /// <summary>NodePass <c>slot</c>: most concurrent connections plus UDP sessions per end; null or 0 is unlimited.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>Connect timeout for dials (to the server, and to targets); null: engine default.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>The server end; null when it runs outside Relay.</summary>
    public TunnelEndDefinition? Server { get; init; }

    /// <summary>The client end; null when it runs outside Relay.</summary>
    public TunnelEndDefinition? Client { get; init; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? TunnelId : Name;

    public TunnelEndDefinition? GetEnd(TunnelRole role) => role == TunnelRole.Server ? Server : Client;

    /// <summary>The roles this tunnel has ends for, server first.</summary>
    public IEnumerable<TunnelRole> Roles
    {
        get
        {
            if (Server is not null) yield return TunnelRole.Server;
            if (Client is not null) yield return TunnelRole.Client;
        }
    }

    /// <summary>
    /// The engine configuration of one end. The client's flow is <see cref="TunnelFlow.Auto"/> and its TLS mode None: a client
    /// learns both from the server in the handshake.
    /// </summary>
    public TunnelConfig ToEndConfig(TunnelRole role)
    {
        var end = GetEnd(role) ?? throw new InvalidOperationException($"Tunnel '{TunnelId}' has no {role} end.");
        return new TunnelConfig
        {
            TunnelId = TunnelId,
            Name = DisplayName,
            Role = role,
            TunnelAddress = end.Address,
            Targets = end.Targets,
            Strategy = Strategy,
            Key = Key,
            Flow = role == TunnelRole.Server ? Flow : TunnelFlow.Auto,
            Tls = role == TunnelRole.Server ? Tls : TunnelTlsMode.None,
            CertificatePath = role == TunnelRole.Server ? CertificatePath : null,
            PrivateKeyPath = role == TunnelRole.Server ? PrivateKeyPath : null,
            MinPool = MinPool,
            MaxPool = MaxPool,
            Enabled = Enabled,
            IdleTimeout = IdleTimeout,
            RateLimitMbps = RateLimitMbps,
            ProxyProtocol = ProxyProtocol,
            MaxConnections = MaxConnections,
            ConnectTimeout = ConnectTimeout,
        };
    }

    /// <summary>The same tunnel with its key replaced by <c>***</c>.</summary>
    public TunnelDefinition Redacted() => this with { Key = "***" };

    /// <summary>Never prints <see cref="Key"/>.</summary>
    public override string ToString() => $"tunnel '{TunnelId}' (server {Server?.Address ?? "-"}, client {Client?.Address ?? "-"})";
}

/// <summary>
/// One end of a <see cref="TunnelDefinition"/>: the node that runs it (<see cref="AgentId"/> null: this node, the master), its
/// tunnel address (server: where it listens for the client, <c>:10101</c>; client: the server's address as the client reaches
/// it, <c>host:10101</c>) and its targets (see <see cref="TunnelConfig"/> for what they mean per role and flow).
/// </summary>
public sealed record TunnelEndDefinition(string? AgentId, string Address, IReadOnlyList<string> Targets)
{
    public bool Equals(TunnelEndDefinition? other) =>
        other is not null && AgentId == other.AgentId && Address == other.Address && Targets.SequenceEqual(other.Targets);

    public override int GetHashCode() => HashCode.Combine(AgentId, Address, Targets.Count);
}
