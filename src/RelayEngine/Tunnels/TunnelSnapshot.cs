using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

/// <summary>
/// A point-in-time view of one tunnel end for the UI and APIs. Carries what NodePass's instance object has (mode, ping,
/// pool, tcps, udps, tcprx/tcptx/udprx/udptx) and more. Byte counters are cumulative: they include earlier runs of this end
/// as the ledger recorded them (<see cref="CountersRestored"/>), as NodePass keeps its counters across restarts.
/// </summary>
public sealed record TunnelSnapshot
{
    /// <summary>The end's configuration with the key redacted (<see cref="TunnelConfig.Redacted"/>).</summary>
    public required TunnelConfig Config { get; init; }
    public string TunnelId => Config.TunnelId;
    public TunnelRole Role => Config.Role;

    /// <summary>The ledger's relay id for connections seen at this end: <c>{TunnelId}:server</c> or <c>{TunnelId}:client</c>.</summary>
    public required string LedgerRelayId { get; init; }

    public required TunnelStatus Status { get; init; }

    /// <summary>Why it is in <see cref="Status"/> (e.g. "client 1.2.3.4:5 lost: heartbeat timeout; ...").</summary>
    public string? StatusReason { get; init; }

    /// <summary>The data flow in effect: the server's resolved mode, or what the client learned; <see cref="TunnelFlow.Auto"/> until known.</summary>
    public TunnelFlow Flow { get; init; }

    /// <summary>TLS in effect: the server's mode, or what the client learned.</summary>
    public TunnelTlsMode Tls { get; init; }

    /// <summary>Server: the bound control address. Client: the server address dialled.</summary>
    public string? TunnelEndPoint { get; init; }

    /// <summary>Where users connect at this end (server in reverse flow, client in forward flow), TCP and UDP; null when this end dials targets.</summary>
    public string? PublicEndPoint { get; init; }

    /// <summary>The other end's address on the control channel while connected.</summary>
    public string? PeerAddress { get; init; }

    /// <summary>SHA-256 (hex) of the server certificate: the one served (server) or last seen and authenticated (client).</summary>
    public string? CertificateFingerprint { get; init; }

    /// <summary>Control-channel round trip of the last heartbeat; null before the first.</summary>
    public TimeSpan? PingRtt { get; init; }

    /// <summary>Idle data connections ready at this end now (NodePass <c>pool</c>).</summary>
    public int PoolIdle { get; init; }

    /// <summary>The pool's current target size (between <c>min</c> and <c>max</c>, adapting to demand).</summary>
    public int PoolCapacity { get; init; }

    /// <summary>User connections that found an idle data connection at once, at the end that opens them.</summary>
    public long PoolHits { get; init; }

    /// <summary>User connections that had to wait for a data connection (or gave up).</summary>
    public long PoolMisses { get; init; }

    /// <summary>Hits / (hits + misses); null before any connection.</summary>
    public double? PoolHitRate => PoolHits + PoolMisses == 0 ? null : (double)PoolHits / (PoolHits + PoolMisses);

    /// <summary>TCP connections open at this end now (NodePass <c>tcps</c>).</summary>
    public int ActiveTcpConnections { get; init; }

    /// <summary>UDP sessions open at this end now (NodePass <c>udps</c>).</summary>
    public int ActiveUdpSessions { get; init; }

    /// <summary>Connections and sessions admitted at this end since it started.</summary>
    public long TotalConnections { get; init; }

    /// <summary>Refused by <c>slot</c> (the connection limit).</summary>
    public long RefusedConnections { get; init; }

    /// <summary>No target reachable (receiving end) or no data connection in time (opening end).</summary>
    public long FailedConnections { get; init; }

    /// <summary>TCP bytes user → target (NodePass <c>tcprx</c> at the receiving end).</summary>
    public long TcpBytesUp { get; init; }
    /// <summary>TCP bytes target → user.</summary>
    public long TcpBytesDown { get; init; }

    /// <summary>UDP bytes user → target.</summary>
    public long UdpBytesUp { get; init; }

    /// <summary>UDP bytes target → user.</summary>
    public long UdpBytesDown { get; init; }

    /// <summary>True once the byte counters include earlier runs (read back from the ledger shortly after start).</summary>
    public bool CountersRestored { get; init; }

    /// <summary>Server: handshakes refused for a wrong key. Client: refusals received.</summary>
    public long AuthFailures { get; init; }

    /// <summary>Control sessions established since start (a client's reconnects are this minus one).</summary>
    public long Sessions { get; init; }

    /// <summary>When this end started (this process).</summary>
    public DateTime? StartedUtc { get; init; }

    /// <summary>When the current control session was established; null while not connected.</summary>
    public DateTime? ConnectedSinceUtc { get; init; }

    /// <summary>The last state changes, oldest first.</summary>
    public IReadOnlyList<TunnelEvent> RecentEvents { get; init; } = [];
}
