using RelayEngine.Model;

namespace RelayWeb.Api.Contracts;

/// <summary>One relay's live state on an agent, as its heartbeat reports it.</summary>
public sealed record AgentRelayStateDto
{
    public required string Id { get; init; }
    public RelayStatus State { get; init; }
    public string? StateReason { get; init; }
    public string? BoundEndpoint { get; init; }
    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }
    public DateTime? StartedUtc { get; init; }

    /// <summary>Set when this is a tunnel end's pseudo-relay (<c>{tunnelId}:server</c> or <c>:client</c>): its ping and pool.</summary>
    public AgentTunnelEndDto? Tunnel { get; init; }
}
