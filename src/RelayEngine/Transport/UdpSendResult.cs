namespace RelayEngine.Transport;

/// <summary>The outcome of one datagram operation on a UDP session's socket; the hot path reports it instead of throwing.</summary>
internal enum UdpSendResult
{
    /// <summary>The datagram was handed to the kernel.</summary>
    Sent,

    /// <summary>The target refused or cannot be reached (ICMP unreachable, no route): try the next target.</summary>
    TargetUnreachable,

    /// <summary>The socket was closed under us (session closing, relay stopping); nothing to report.</summary>
    Closed,

    /// <summary>An unexpected socket error; logged once per session.</summary>
    Error,
}
