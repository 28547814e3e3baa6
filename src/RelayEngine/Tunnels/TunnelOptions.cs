namespace RelayEngine.Tunnels;

/// <summary>
/// Host-level knobs of tunnels (the NP_* environment variables of NodePass), bound from <c>RelayEngine:Tunnels</c>. Read
/// once when a tunnel end starts.
/// </summary>
public sealed class TunnelOptions
{
    public const string SectionName = "RelayEngine:Tunnels";

    /// <summary>Heartbeat period on the control channel (NodePass <c>NP_REPORT_INTERVAL</c>); the server sends it to the client. Default 5 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed heartbeats before the control channel counts as lost: nothing received for this many intervals. Default 3.</summary>
    public int HeartbeatMissLimit { get; set; } = 3;

    /// <summary>Time a new connection has to complete its handshake (NodePass <c>NP_HANDSHAKE_TIMEOUT</c>). Default 10 seconds.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a user connection waits for a pooled data connection when none is idle (NodePass <c>NP_POOL_GET_TIMEOUT</c>),
    /// including while the client is away: the server queues for this long, then refuses. Default 10 seconds.
    /// </summary>
    public TimeSpan PoolWaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most user connections waiting for a data connection at once; more are refused at once. Default 4096.</summary>
    public int MaxPoolWaiters { get; set; } = 4096;

    /// <summary>Data connections a client dials at the same time while filling its pool. Default 16.</summary>
    public int MaxConcurrentDials { get; set; } = 16;

    /// <summary>
    /// How long after a pooled connection is used its replacement is dialled, while at least 20 % of the pool is still idle
    /// (below that, at once): the dial then does not compete with the connection that just started. Default 20 ms.
    /// </summary>
    public TimeSpan PoolRefillDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the pool size is reconsidered (grow on demand, shrink when idle). Default 1 second.</summary>
    public TimeSpan PoolAdjustInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A pool that stayed mostly idle this long is halved (never below <c>min</c>). Default 30 seconds.</summary>
    public TimeSpan PoolShrinkAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First client reconnect delay; doubles per failure up to <see cref="ReconnectMaxDelay"/>, with jitter. Default 250 ms.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest client reconnect delay (NodePass <c>NP_SERVICE_COOLDOWN</c> is a fixed 3 s). Default 30 seconds.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often tls=2 certificate files are checked for changes (NodePass <c>NP_RELOAD_INTERVAL</c>, 1 h there). Default 30 seconds.</summary>
    public TimeSpan CertificateCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failed key proofs from one address before its next attempts are delayed. Default 3.</summary>
    public int AuthFailuresBeforeDelay { get; set; } = 3;

    /// <summary>Longest delay imposed on an address that keeps failing the key proof. Default 30 seconds.</summary>
    public TimeSpan AuthMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most handshakes a server runs at once; more connections are closed at once. Default 512.</summary>
    public int MaxConcurrentHandshakes { get; set; } = 512;

    /// <summary>
    /// Copy buffer per direction of a tunnelled TCP connection, in bytes. Default 256 KiB, four times the forwards'
    /// (<c>RelayEngine:CopyBufferSize</c>): a tunnel copies every byte twice as often as a forward (two hops), and 256 KiB
    /// cut its CPU per GB by about a quarter on loopback (1.2–1.4 → 0.9 CPU-seconds/GB through both ends, iperf3, 2 cores).
    /// Buffers are rented only while data flows (idle connections hold none), so the cost is per busy connection.
    /// </summary>
    public int CopyBufferSize { get; set; } = 256 * 1024;

    /// <summary>State-change events kept per tunnel end for snapshots. Default 50.</summary>
    public int EventHistory { get; set; } = 50;
}
