namespace RelayEngine.Connections;

/// <summary>Why a connection or UDP session ended. Serialized in snake_case by the API (<c>client_closed</c>...).</summary>
public enum CloseReason
{
    /// <summary>Still open.</summary>
    None,
    ClientClosed,
    TargetClosed,
    IdleTimeout,
    ConnectFailed,
    RefusedByLimit,
    ClosedByAdmin,
    RelayStopped,

    /// <summary>A socket error other than a clean close or reset.</summary>
    Error,

    /// <summary>
    /// The external source that reported the connection (the Mihomo controller) stayed unreachable longer than its grace
    /// period; the record keeps the last counters seen.
    /// </summary>
    SourceLost,

    /// <summary>A tunnel had no data connection for it within the pool wait timeout (the other end away or overloaded).</summary>
    TunnelUnavailable,
}
