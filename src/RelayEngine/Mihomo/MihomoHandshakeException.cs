using System.Net;
using System.Net.Sockets;

namespace RelayEngine.Mihomo;

/// <summary>The <c>/connections</c> WebSocket could not be opened: no connection, or an HTTP status instead of 101.</summary>
internal sealed class MihomoHandshakeException(HttpStatusCode statusCode, Exception inner)
    : Exception(Describe(statusCode, inner), inner)
{
    /// <summary>The controller's HTTP status; 0 when it never answered.</summary>
    public HttpStatusCode StatusCode { get; } = statusCode;

    private static string Describe(HttpStatusCode statusCode, Exception inner)
    {
        if (statusCode != 0) return $"HTTP {(int)statusCode} {statusCode} instead of the WebSocket upgrade";
        for (var e = inner; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket) return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.TimedOut => "connect timed out",
                SocketError.NetworkUnreachable or SocketError.HostUnreachable => "unreachable",
                _ => socket.Message,
            };
        }
        var innermost = inner;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost.Message;
    }
}
