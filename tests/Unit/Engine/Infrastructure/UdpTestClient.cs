using System.Net;
using System.Net.Sockets;

namespace RelayWeb.UnitTests.Engine.Infrastructure;

/// <summary>A UDP client on a loopback address (port 0) that talks to a relay and reads its replies with a timeout.</summary>
internal sealed class UdpTestClient : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly IPEndPoint _remote;

    /// <param name="remote">Where datagrams go: the relay's endpoint, or a multicast group the relay listens on.</param>
    /// <param name="local">The client's own address; defaults to the loopback address of <paramref name="remote"/>'s family.</param>
    public UdpTestClient(IPEndPoint remote, IPAddress? local = null)
    {
        _remote = remote;
        Socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        local ??= remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        Socket.Bind(new IPEndPoint(local, 0));
        if (remote.AddressFamily == AddressFamily.InterNetwork && (remote.Address.GetAddressBytes()[0] & 0xF0) == 0xE0)
        {
            // To a group: leave through the loopback interface only, never the default route.
            Socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(local.GetAddressBytes(), 0));
            Socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            Socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, 1);
        }
        else if (remote.Address.IsIPv6Multicast)
        {
            Socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, LoopbackMulticastFactAttribute.Ipv6LoopbackIndex);
            Socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, true);
            Socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 1);
        }
    }

    public Socket Socket { get; }
    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    /// <summary>Sends one datagram to the remote endpoint.</summary>
    public async Task SendAsync(byte[] payload) =>
        await Socket.SendToAsync(payload, SocketFlags.None, _remote).WaitAsync(TestTimeouts.Default);

    /// <summary>The next datagram received, or <see cref="TimeoutException"/>.</summary>
    public async Task<byte[]> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        try
        {
            var n = await Socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cts.Token);
            return _buffer.AsSpan(0, n).ToArray();
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException("No datagram arrived in time.");
        }
    }

    /// <summary>Sends and waits for the reply.</summary>
    public async Task<byte[]> RequestAsync(byte[] payload, TimeSpan? timeout = null)
    {
        await SendAsync(payload);
        return await ReceiveAsync(timeout);
    }

    /// <summary>
    /// Sends, and sends again after each <paramref name="perTry"/> without a reply, until a reply arrives within the
    /// overall timeout: UDP through a failing-over relay may lose the datagrams sent to the dead target.
    /// </summary>
    public async Task<byte[]> RequestUntilAnsweredAsync(byte[] payload, TimeSpan perTry)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return await RequestAsync(payload, perTry);
            }
            catch (TimeoutException) when (TimeProvider.System.GetElapsedTime(start) < TestTimeouts.Default)
            {
            }
        }
    }

    /// <summary>
    /// The next datagram that is not <paramref name="stale"/>: after <see cref="RequestUntilAnsweredAsync"/>, replies to
    /// its resent copies may still be on their way and must not be taken for the answer to the next request.
    /// </summary>
    public async Task<byte[]> ReceiveSkippingAsync(byte[] stale)
    {
        while (true)
        {
            var datagram = await ReceiveAsync();
            if (!datagram.AsSpan().SequenceEqual(stale)) return datagram;
        }
    }

    public void Dispose() => Socket.Dispose();
}
