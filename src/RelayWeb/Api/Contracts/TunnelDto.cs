using RelayEngine.Configuration;
using RelayWeb.Data;
using RelayWeb.Master;
using RelayWeb.Services;

namespace RelayWeb.Api.Contracts;

/// <summary>A tunnel with its configuration and the live state of each end. <c>key</c> is <c>***</c> except in the create response.</summary>
public sealed record TunnelDto
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Key { get; init; }
    public required string Flow { get; init; }
    public int Tls { get; init; }
    public string? Crt { get; init; }
    public string? TlsKey { get; init; }
    public int MinPool { get; init; }
    public int MaxPool { get; init; }
    public required TargetStrategy Strategy { get; init; }
    public bool Enabled { get; init; }
    public int? IdleTimeoutMs { get; init; }
    public int RateMbps { get; init; }
    public bool ProxyProtocol { get; init; }
    public int? MaxConnections { get; init; }
    public int? ConnectTimeoutMs { get; init; }
    public TunnelEndDto? Server { get; init; }
    public TunnelEndDto? Client { get; init; }

    public static TunnelDto From(TunnelDefinition tunnel, TunnelPlacementStates states) => new()
    {
        Id = tunnel.TunnelId,
        Name = tunnel.DisplayName,
        Key = tunnel.Key,
        Flow = TunnelMapper.ToText(tunnel.Flow),
        Tls = (int)tunnel.Tls,
        Crt = tunnel.CertificatePath,
        TlsKey = tunnel.PrivateKeyPath,
        MinPool = tunnel.MinPool,
        MaxPool = tunnel.MaxPool,
        Strategy = tunnel.Strategy,
        Enabled = tunnel.Enabled,
        IdleTimeoutMs = tunnel.IdleTimeout is { } idle ? (int)Math.Round(idle.TotalMilliseconds) : null,
        RateMbps = tunnel.RateLimitMbps,
        ProxyProtocol = tunnel.ProxyProtocol,
        MaxConnections = tunnel.MaxConnections,
        ConnectTimeoutMs = tunnel.ConnectTimeout is { } connect ? (int)Math.Round(connect.TotalMilliseconds) : null,
        Server = tunnel.Server is { } s ? TunnelEndDto.From(s, states.Get(tunnel, TunnelRole.Server)!) : null,
        Client = tunnel.Client is { } c ? TunnelEndDto.From(c, states.Get(tunnel, TunnelRole.Client)!) : null,
    };
}

/// <summary>One end: where it runs, its addresses, and its live state (ping and pool figures only for ends on this node).</summary>
public sealed record TunnelEndDto
{
    public string? AgentId { get; init; }
    public required string Address { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }

    /// <summary>The ledger's relay id of this end: list its connections with <c>/api/v1/connections?relay=</c>.</summary>
    public required string LedgerRelayId { get; init; }

    public required string Status { get; init; }
    public string? StatusReason { get; init; }
    public string? PublicEndpoint { get; init; }
    public string? TunnelEndpoint { get; init; }
    public string? Peer { get; init; }
    public double? PingMs { get; init; }
    public int PoolIdle { get; init; }
    public int PoolCapacity { get; init; }
    public double? PoolHitRate { get; init; }
    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }

    public static TunnelEndDto From(TunnelEndDefinition end, TunnelEndState state) => new()
    {
        AgentId = end.AgentId,
        Address = end.Address,
        Targets = end.Targets,
        LedgerRelayId = state.LedgerRelayId,
        Status = state.Status.ToString(),
        StatusReason = state.StatusReason,
        PublicEndpoint = state.Snapshot?.PublicEndPoint,
        TunnelEndpoint = state.Snapshot?.TunnelEndPoint,
        Peer = state.Snapshot?.PeerAddress,
        PingMs = state.PingRtt?.TotalMilliseconds,
        PoolIdle = state.PoolIdle ?? 0,
        PoolCapacity = state.PoolCapacity ?? 0,
        PoolHitRate = state.PoolHitRate,
        ActiveConnections = state.ActiveConnections,
        TotalConnections = state.TotalConnections,
        BytesUp = state.BytesUp,
        BytesDown = state.BytesDown,
    };
}
