using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace RelayWeb.UnitTests.Engine.Infrastructure;

/// <summary>
/// A UDP server for relay tests: records every datagram it receives (payload and sender) and, when <c>echo</c> is on,
/// sends it back to the sender. Binds a loopback address on port 0, or joins a multicast group on the loopback interface.
/// </summary>
internal sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Socket _replySocket;
    private readonly bool _echo;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(byte[] Payload, IPEndPoint From)> _received = Channel.CreateUnbounded<(byte[], IPEndPoint)>();
    private readonly Task _loop;
    private int _count;

    private UdpEchoServer(Socket socket, Socket replySocket, IPEndPoint endPoint, bool echo)
    {
        _socket = socket;
        _replySocket = replySocket;
        EndPoint = endPoint;
        _echo = echo;
        _loop = RunAsync();
    }

    /// <summary>Where the server receives: the loopback address and port, or the group and port.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Datagrams received so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>A server on <paramref name="address"/> (a loopback address) port 0.</summary>
    public static UdpEchoServer Start(IPAddress address, bool echo = true)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return new UdpEchoServer(socket, socket, (IPEndPoint)socket.LocalEndPoint!, echo);
    }

    /// <summary>
    /// A member of IPv4 multicast <paramref name="group"/> on the loopback interface, on <paramref name="port"/> (0: pick one;
    /// members share a port through ReuseAddress). It binds the group address itself (Linux), never a wildcard, and echoes
    /// through a second socket on 127.0.0.1, since a group address cannot be a source.
    /// </summary>
    public static UdpEchoServer JoinGroup(IPAddress group, int port, bool echo = true)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(group, port));
        socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Loopback));
        var reply = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        reply.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new UdpEchoServer(socket, reply, new IPEndPoint(group, ((IPEndPoint)socket.LocalEndPoint!).Port), echo);
    }

    /// <summary>The next datagram received (in arrival order).</summary>
    public async Task<(byte[] Payload, IPEndPoint From)> NextAsync(TimeSpan? timeout = null) =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TestTimeouts.Default);

    /// <summary>True if a datagram is waiting to be read by <see cref="NextAsync"/>.</summary>
    public bool TryNext(out (byte[] Payload, IPEndPoint From) datagram) => _received.Reader.TryRead(out datagram);

    private async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        var from = new SocketAddress(_socket.AddressFamily);
        var factory = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token);
                Interlocked.Increment(ref _count);
                _received.Writer.TryWrite((buffer.AsSpan(0, n).ToArray(), (IPEndPoint)factory.Create(from)));
                if (_echo) await _replySocket.SendToAsync(buffer.AsMemory(0, n), SocketFlags.None, from, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _loop.WaitAsync(TestTimeouts.Default);
        _socket.Dispose();
        _replySocket.Dispose();
        _stop.Dispose();
    }
}
