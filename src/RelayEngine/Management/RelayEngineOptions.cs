namespace RelayEngine.Management;

/// <summary>Host-level knobs of the engine, bound from the <c>RelayEngine</c> configuration section. Read once at start.</summary>
public sealed class RelayEngineOptions
{
    public const string SectionName = "RelayEngine";

    /// <summary>This node's id, stamped on every ledger record. Default <c>local</c>.</summary>
    public string AgentId { get; set; } = "local";

    /// <summary>Per-direction TCP copy buffer in bytes. Default 65536 (YARP's StreamCopier uses the same size).</summary>
    public int CopyBufferSize { get; set; } = 64 * 1024;

    /// <summary>
    /// How TCP relays move bytes: <see cref="TcpTransport.Auto"/> (default) uses the engine's own epoll loops on Linux and
    /// System.Net.Sockets elsewhere; <see cref="TcpTransport.Sockets"/> forces the latter everywhere.
    /// </summary>
    public TcpTransport TcpTransport { get; set; } = TcpTransport.Auto;

    /// <summary>Default TCP connect timeout per target attempt. Default 10 seconds.</summary>
    public TimeSpan DefaultConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Default idle timeout for TCP connections. Default 1 hour.</summary>
    public TimeSpan DefaultTcpIdleTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Default idle expiry of a UDP session. Default 60 seconds.</summary>
    public TimeSpan DefaultUdpIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopping relay lets open connections finish before closing them. Default 5 seconds.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-subscriber capacity of the connection change stream before it is marked lagged. Default 4096.</summary>
    public int EventChannelCapacity { get; set; } = 4096;

    /// <summary>Ledger records held in memory while the database is slow or away. Default 100000; beyond it records are dropped and counted.</summary>
    public int LedgerBufferCapacity { get; set; } = 100_000;

    /// <summary>Largest number of records written in one batch. Default 1000.</summary>
    public int LedgerBatchSize { get; set; } = 1000;

    /// <summary>How often the ledger is flushed when traffic is light. Default 500 ms.</summary>
    public TimeSpan LedgerFlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often open connections' counters are persisted. Default 5 seconds.</summary>
    public TimeSpan LedgerOpenConnectionRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// IPv4 address of the interface used to join multicast listen groups and to send to multicast targets; null lets the
    /// routing table choose. Set it (e.g. 127.0.0.1 or a LAN address) when the default route's interface is the wrong one.
    /// </summary>
    public string? UdpMulticastInterface { get; set; }

    /// <summary>Seconds of 1-second traffic samples kept in memory for charts. Default 900 (15 minutes).</summary>
    public int TrafficHistorySeconds { get; set; } = 900;
}
