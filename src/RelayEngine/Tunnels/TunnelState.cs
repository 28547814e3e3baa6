using System.Collections.Concurrent;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Ledger;
using RelayEngine.Model;
using RelayEngine.Utilities;

namespace RelayEngine.Tunnels;

/// <summary>
/// The runtime holder of one tunnel end (YARP's ClusterState shape): its config, status with recent events, pool and
/// session figures, and the pseudo-relay (<see cref="Relay"/>) under which its connections enter the ledger and the traffic
/// sampler. Thread-safe; nothing here is touched per byte except the connection counters through <see cref="Relay"/>.
/// </summary>
internal sealed class TunnelState
{
    private readonly CircularBuffer<TunnelEvent> _events;
    private readonly TimeProvider _time;
    private readonly Action _changed;
    private readonly ConcurrentDictionary<ConnectionState, byte> _open = new();
    private volatile StatusEntry _status;
    private long _closedTcpUp, _closedTcpDown, _closedUdpUp, _closedUdpDown;
    private long _poolHits, _poolMisses, _authFailures, _sessions;
    private int _poolIdle, _poolCapacity;
    private long _pingTicks = -1;
    private volatile bool _countersRestored;

    public TunnelState(TunnelConfig config, TimeProvider time, int eventHistory, Action changed)
    {
        Config = config;
        _time = time;
        _changed = changed;
        _events = new CircularBuffer<TunnelEvent>(eventHistory);
        CreatedUtc = time.GetUtcNow().UtcDateTime;
        _status = new StatusEntry(TunnelStatus.Stopped, null, null, null);
        Relay = new RelayState(ToRelayConfig(config)) { IsExternal = true };
    }

    public TunnelConfig Config { get; }

    /// <summary>The pseudo-relay of this end: ledger relay id, slot limit and byte counters.</summary>
    public RelayState Relay { get; }

    public TunnelStatus Status => _status.Status;
    public TunnelFlow Flow { get; set; }
    public TunnelTlsMode Tls { get; set; }
    public string? TunnelEndPoint { get; set; }
    public string? PublicEndPoint { get; set; }
    public string? PeerAddress { get; set; }
    public string? CertificateFingerprint { get; set; }

    public static string LedgerRelayId(string tunnelId, TunnelRole role) => $"{tunnelId}:{(role == TunnelRole.Server ? "server" : "client")}";

    /// <summary>Changes the status; records and announces it only when status or reason differ. Returns whether it changed.</summary>
    public bool SetStatus(TunnelStatus status, string reason)
    {
        var current = _status;
        if (current.Status == status && current.Reason == reason) return false;
        var now = _time.GetUtcNow().UtcDateTime;
        DateTime? started = status == TunnelStatus.Stopped ? null : current.StartedUtc ?? now;
        DateTime? connected = status == TunnelStatus.Connected ? (current.Status == TunnelStatus.Connected ? current.ConnectedSinceUtc : now) : null;
        _status = new StatusEntry(status, reason, started, connected);
        Relay.SetStatus(ToRelayStatus(status), status == TunnelStatus.Connected ? null : $"{status}: {reason}", startedUtc: started);
        lock (_events) _events.Add(new TunnelEvent(now, status, reason));
        _changed();
        return true;
    }

    /// <summary>When this state began; ledger rows that started earlier belong to earlier runs.</summary>
    public DateTime CreatedUtc { get; }

    /// <summary>Adds what earlier runs of this end moved (from the ledger) to the byte counters; once.</summary>
    public void RestoreCounters(LedgerTotals totals)
    {
        if (_countersRestored) return;
        Interlocked.Add(ref _closedTcpUp, totals.TcpBytesUp);
        Interlocked.Add(ref _closedTcpDown, totals.TcpBytesDown);
        Interlocked.Add(ref _closedUdpUp, totals.UdpBytesUp);
        Interlocked.Add(ref _closedUdpDown, totals.UdpBytesDown);
        _countersRestored = true;
        _changed();
    }

    public void SetPing(TimeSpan rtt) => Interlocked.Exchange(ref _pingTicks, rtt.Ticks);
    public void ClearPing() => Interlocked.Exchange(ref _pingTicks, -1);
    public void SetPool(int idle, int capacity)
    {
        Volatile.Write(ref _poolIdle, idle);
        Volatile.Write(ref _poolCapacity, capacity);
    }

    public void CountPoolHit() => Interlocked.Increment(ref _poolHits);
    public void CountPoolMiss() => Interlocked.Increment(ref _poolMisses);
    public void CountAuthFailure() => Interlocked.Increment(ref _authFailures);
    public long AuthFailures => Interlocked.Read(ref _authFailures);
    public void CountSession()
    {
        Interlocked.Increment(ref _sessions);
        _changed();
    }

    /// <summary>Tracks an open connection of this end, for the per-network live counters.</summary>
    public void Track(ConnectionState connection) => _open.TryAdd(connection, 0);

    /// <summary>Stops tracking a connection and keeps its bytes in the per-network totals.</summary>
    public void Untrack(ConnectionState connection)
    {
        if (!_open.TryRemove(connection, out _)) return;
        if (connection.Network == "udp")
        {
            Interlocked.Add(ref _closedUdpUp, connection.BytesUp);
            Interlocked.Add(ref _closedUdpDown, connection.BytesDown);
        }
        else
        {
            Interlocked.Add(ref _closedTcpUp, connection.BytesUp);
            Interlocked.Add(ref _closedTcpDown, connection.BytesDown);
        }
    }

    public TunnelSnapshot ToSnapshot()
    {
        var status = _status;
        long tcpUp = Interlocked.Read(ref _closedTcpUp), tcpDown = Interlocked.Read(ref _closedTcpDown);
        long udpUp = Interlocked.Read(ref _closedUdpUp), udpDown = Interlocked.Read(ref _closedUdpDown);
        int tcp = 0, udp = 0;
        foreach (var (connection, _) in _open)
        {
            if (connection.Network == "udp") { udp++; udpUp += connection.BytesUp; udpDown += connection.BytesDown; }
            else { tcp++; tcpUp += connection.BytesUp; tcpDown += connection.BytesDown; }
        }
        var relay = Relay.ToSnapshot();
        var ping = Interlocked.Read(ref _pingTicks);
        TunnelEvent[] events;
        lock (_events) events = _events.ToArray();
        return new TunnelSnapshot
        {
            Config = Config.Redacted(),
            LedgerRelayId = Relay.RelayId,
            Status = status.Status,
            StatusReason = status.Reason,
            Flow = Flow,
            Tls = Tls,
            TunnelEndPoint = TunnelEndPoint,
            PublicEndPoint = PublicEndPoint,
            PeerAddress = status.Status == TunnelStatus.Connected ? PeerAddress : null,
            CertificateFingerprint = CertificateFingerprint,
            PingRtt = ping < 0 ? null : TimeSpan.FromTicks(ping),
            PoolIdle = Volatile.Read(ref _poolIdle),
            PoolCapacity = Volatile.Read(ref _poolCapacity),
            PoolHits = Interlocked.Read(ref _poolHits),
            PoolMisses = Interlocked.Read(ref _poolMisses),
            ActiveTcpConnections = tcp,
            ActiveUdpSessions = udp,
            TotalConnections = relay.TotalConnections,
            RefusedConnections = relay.RefusedConnections,
            FailedConnections = relay.FailedConnections,
            TcpBytesUp = tcpUp,
            TcpBytesDown = tcpDown,
            UdpBytesUp = udpUp,
            UdpBytesDown = udpDown,
            AuthFailures = Interlocked.Read(ref _authFailures),
            Sessions = Interlocked.Read(ref _sessions),
            StartedUtc = status.StartedUtc,
            ConnectedSinceUtc = status.ConnectedSinceUtc,
            RecentEvents = events,
            CountersRestored = _countersRestored,
        };
    }

    /// <summary>How the end's pseudo-relay shows in relay lists: running while it can carry traffic or is trying to.</summary>
    private static RelayStatus ToRelayStatus(TunnelStatus status) => status switch
    {
        TunnelStatus.Starting => RelayStatus.Starting,
        TunnelStatus.Stopping => RelayStatus.Stopping,
        TunnelStatus.Stopped => RelayStatus.Stopped,
        TunnelStatus.Faulted => RelayStatus.Faulted,
        _ => RelayStatus.Running,
    };

    private static RelayConfig ToRelayConfig(TunnelConfig config) => new()
    {
        RelayId = LedgerRelayId(config.TunnelId, config.Role),
        Name = $"{config.DisplayName} ({(config.Role == TunnelRole.Server ? "server" : "client")})",
        Protocol = RelayProtocol.Tcp,
        Listen = config.TunnelAddress,
        Targets = config.Targets,
        Strategy = config.Strategy,
        MaxConnections = config.MaxConnections,
        IdleTimeout = config.IdleTimeout,
        ConnectTimeout = config.ConnectTimeout,
    };

    private sealed record StatusEntry(TunnelStatus Status, string? Reason, DateTime? StartedUtc, DateTime? ConnectedSinceUtc);
}
