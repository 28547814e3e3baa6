using System.Net;
using System.Net.Sockets;
using RelayEngine.Configuration;

namespace RelayEngine.Transport;

/// <summary>The listening socket of a TCP relay, bound the same way by both data paths.</summary>
internal static class TcpListenSocket
{
    private const int Backlog = 4096;

    /// <summary>
    /// Binds and listens on <paramref name="listen"/> (<c>[::]</c> is dual-mode, so IPv4 clients reach it too). Throws
    /// <see cref="RelayBindException"/> with the reason a person needs when it cannot (port in use, not a local address).
    /// </summary>
    public static Socket Open(string listen)
    {
        if (!EndpointParser.TryParseListen(listen, out var endPoint, out var error)) throw new RelayBindException(error);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endPoint);
            socket.Listen(Backlog);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RelayBindException(BindErrors.Describe(endPoint, ex), ex);
        }
    }
}
