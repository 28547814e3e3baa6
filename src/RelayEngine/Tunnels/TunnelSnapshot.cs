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

    public int ActiveTcpConnections { get; init; }
    public int ActiveUdpSessions { get; init; }
    public long TotalConnections { get; init; }
    public long RefusedConnections { get; init; }
    public long FailedConnections { get; init; }

    /// <summary>TCP bytes user → target (NodePass <c>tcprx</c> at the receiving end).</summary>
    public long TcpBytesUp { get; init; }
    public long TcpBytesDown { get; init; }
    public long UdpBytesUp { get; init; }
    public long UdpBytesDown { get; init; }

    /// <summary>True once the byte counters include earlier runs (read back from the ledger shortly after start).</summary>
    public bool CountersRestored { get; init; }

    /// <summary>Server: handshakes refused for a wrong key. Client: refusals received.</summary>
    public long AuthFailures { get; init; }

    /// <summary>Control sessions established since start (a client's reconnects are this minus one).</summary>
    public long Sessions { get; init; }

    public DateTime? StartedUtc { get; init; }
    public DateTime? ConnectedSinceUtc { get; init; }

    /// <summary>The last state changes, oldest first.</summary>
    public IReadOnlyList<TunnelEvent> RecentEvents { get; init; } = [];
}
