using RelayEngine.Configuration;
using RelayEngine.Tunnels;

namespace RelayWeb.Master;

/// <summary>
/// The live state of one stored tunnel end, wherever it runs. For an end on this node it is the engine's full
/// <see cref="TunnelSnapshot"/>; for an end on an agent, what the agent's last heartbeat said about its pseudo-relay
/// <c>{id}:server</c> / <c>{id}:client</c> (status, connections, bytes, and the end's ping and pool figures).
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

    /// <summary>Control-channel round trip of the last heartbeat; null before the first (or not reported).</summary>
    public TimeSpan? PingRtt { get; init; }

    /// <summary>Idle data connections ready at this end (NodePass <c>pool</c>); null when not reported.</summary>
    public int? PoolIdle { get; init; }

    /// <summary>The pool's current target size; null when not reported.</summary>
    public int? PoolCapacity { get; init; }

    /// <summary>The pool's hit rate at the end that opens connections; null before any connection (or not reported).</summary>
    public double? PoolHitRate { get; init; }

    /// <summary>NodePass's split figures: open TCP connections and UDP sessions, bytes each way per protocol.</summary>
    public int ActiveTcpConnections { get; init; }
    public int ActiveUdpSessions { get; init; }
    public long TcpBytesUp { get; init; }
    public long TcpBytesDown { get; init; }
    public long UdpBytesUp { get; init; }
    public long UdpBytesDown { get; init; }

    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }
}
