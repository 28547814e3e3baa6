using System.Net.Sockets;

namespace RelayEngine.Transport;

/// <summary>
/// Classifies socket errors on the UDP data path (Kestrel's <c>IsConnectionResetError</c>/<c>IsConnectionAbortError</c>
/// shape): unreachable targets and aborts are expected and logged at Debug; anything else is a Warning.
/// </summary>
internal static class UdpSocketErrors
{
    /// <summary>
    /// The target cannot take datagrams. On a connected UDP socket an ICMP port unreachable surfaces on the next operation
    /// as <see cref="SocketError.ConnectionRefused"/> (Linux, macOS) or <see cref="SocketError.ConnectionReset"/> (Windows).
    /// </summary>
    public static bool IsUnreachable(SocketError error) => error is SocketError.ConnectionRefused or SocketError.ConnectionReset
        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown;

    /// <summary>The operation was cut short because the socket is being closed.</summary>
    public static bool IsAbort(SocketError error) => error is SocketError.OperationAborted or SocketError.Interrupted
        or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotSocket;

    /// <summary>Classifies an exception thrown by a send or receive.</summary>
    public static UdpSendResult Classify(Exception exception) => exception switch
    {
        OperationCanceledException or ObjectDisposedException => UdpSendResult.Closed,
        SocketException e when IsAbort(e.SocketErrorCode) => UdpSendResult.Closed,
        SocketException e when IsUnreachable(e.SocketErrorCode) => UdpSendResult.TargetUnreachable,
        _ => UdpSendResult.Error,
    };
}
