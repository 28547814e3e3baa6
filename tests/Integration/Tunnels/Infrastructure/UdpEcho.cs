using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Tunnels.Infrastructure;

/// <summary>A UDP echo server on 127.0.0.1:0: sends every datagram back to its sender and counts them.</summary>
internal sealed class UdpEcho : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _received;

    public UdpEcho()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = Task.Run(RunAsync);
    }

    public IPEndPoint EndPoint { get; }
    public string Address => EndPoint.ToString();
    public int Received => Volatile.Read(ref _received);

    private async Task RunAsync()
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token);
                Interlocked.Increment(ref _received);
                await _socket.SendToAsync(buffer.AsMemory(0, n), SocketFlags.None, from, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>
    /// Sends <paramref name="payload"/> from <paramref name="client"/> to <paramref name="to"/> and returns the first reply,
    /// sending again every 2 s while none comes (the first datagram of a session may wait for its data connection).
    /// </summary>
    public static async Task<byte[]> RoundTripAsync(Socket client, IPEndPoint to, byte[] payload)
    {
        var buffer = new byte[65536];
        var receive = client.ReceiveAsync(buffer, SocketFlags.None);
        var deadline = DateTime.UtcNow + TestTimeouts.Default;
        while (true)
        {
            await client.SendToAsync(payload, SocketFlags.None, to).WaitAsync(TestTimeouts.Default);
            if (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(2))) == receive) return buffer.AsSpan(0, await receive).ToArray();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No UDP reply from {to}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _socket.Dispose();
        await _loop.WaitAsync(TestTimeouts.Default);
    }
}
