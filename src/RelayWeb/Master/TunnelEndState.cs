using RelayEngine.Configuration;
using RelayEngine.Tunnels;

namespace RelayWeb.Master;

/// <summary>
/// The live state of one stored tunnel end, wherever it runs. For an end on this node it is the engine's full
/// <see cref="TunnelSnapshot"/>; for an end on an agent, what the agent's last heartbeat said about its pseudo-relay
/// <c>{id}:server</c> / <c>{id}:client</c> (status, connections, bytes; no ping or pool figures).
/// </summary>
public sealed record TunnelEndState
{
    public required TunnelRole Role { get; init; }

    /// <summary>The agent running it; null: this node.</summary>
    public string? AgentId { get; init; }

    /// <summary>The ledger's relay id of this end (<c>{id}:server</c>), for the connections list.</summary>
    public required string LedgerRelayId { get; init; }

    public required TunnelStatus Status { get; init; }
    public string? StatusReason { get; init; }

    /// <summary>The engine's snapshot when the end runs here.</summary>
    public TunnelSnapshot? Snapshot { get; init; }

    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }
}
