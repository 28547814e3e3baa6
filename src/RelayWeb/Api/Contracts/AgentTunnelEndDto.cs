namespace RelayWeb.Api.Contracts;

/// <summary>
/// A tunnel end's own figures on an agent, beside its pseudo-relay's state in the heartbeat (<see cref="AgentRelayStateDto.Tunnel"/>):
/// what the master shows for an end it does not run itself.
/// </summary>
public sealed record AgentTunnelEndDto
{
    /// <summary>Control-channel round trip of the last heartbeat, in milliseconds; null before the first.</summary>
    public double? PingMs { get; init; }

    /// <summary>Idle data connections ready now (NodePass <c>pool</c>).</summary>
    public int PoolIdle { get; init; }

    /// <summary>The pool's current target size.</summary>
    public int PoolCapacity { get; init; }

    /// <summary>Hits / (hits + misses) at the end that opens connections; null before any connection.</summary>
    public double? PoolHitRate { get; init; }

    /// <summary>TCP connections and UDP sessions open now, and bytes each way per protocol (NodePass's split counters).</summary>
    public int ActiveTcpConnections { get; init; }
    public int ActiveUdpSessions { get; init; }
    public long TcpBytesUp { get; init; }
    public long TcpBytesDown { get; init; }
    public long UdpBytesUp { get; init; }
    public long UdpBytesDown { get; init; }
}
