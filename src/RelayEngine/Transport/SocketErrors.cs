using System.Net.Sockets;

namespace RelayEngine.Transport;

/// <summary>Kestrel's classification: resets and aborts are an expected part of life on the internet (logged at Debug).</summary>
internal static class SocketErrors
{
    public static bool IsResetOrAbort(SocketError error) => error is
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.OperationAborted
        or SocketError.Interrupted or SocketError.NotConnected or SocketError.Disconnecting;
}
