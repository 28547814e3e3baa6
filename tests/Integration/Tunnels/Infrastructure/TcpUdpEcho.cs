using System.Net;
using System.Net.Sockets;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Tunnels.Infrastructure;

/// <summary>A TCP and a UDP echo on one address (a target for TCP+UDP forwards, as NodePass's single-end client).</summary>
internal sealed class TcpUdpEcho : IAsyncDisposable
{
    private TcpUdpEcho(UdpEcho udp, LoopbackEchoServer tcp)
    {
        Udp = udp;
        Tcp = tcp;
    }

    public UdpEcho Udp { get; }
    public LoopbackEchoServer Tcp { get; }

    /// <summary><c>127.0.0.1:PORT</c>, both protocols.</summary>
    public string Address => Udp.Address;

    /// <summary>
    /// Binds the UDP echo to a free port, then the TCP one to the same port. Why the retry: a port free for UDP may be in
    /// use for TCP (seen once in a full suite run, where hundreds of TCP sockets come and go).
    /// </summary>
    public static async Task<TcpUdpEcho> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var udp = new UdpEcho();
            try
            {
                return new TcpUdpEcho(udp, new LoopbackEchoServer(udp.EndPoint.Port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
                await udp.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Tcp.DisposeAsync();
        await Udp.DisposeAsync();
    }
}
