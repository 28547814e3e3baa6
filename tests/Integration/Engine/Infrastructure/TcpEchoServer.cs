using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Engine.Infrastructure;

/// <summary>
/// A TCP echo server on 127.0.0.1:0 (or another loopback address) that keeps half-close: it echoes until the client's FIN, then sends its own FIN.
/// </summary>
internal sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private int _accepted;

    /// <param name="address">Where to listen; 127.0.0.1 unless given (::1 for IPv6 tests).</param>
    public TcpEchoServer(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(address, 0));
        _listener.Listen(4096);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accept = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint { get; }
    public string Address => EndPoint.ToString();
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptAsync(_stop.Token); }
            catch { return; }
            Interlocked.Increment(ref _accepted);
            _ = Task.Run(() => EchoAsync(socket));
        }
    }

    private async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0) break;
                var sent = 0;
                while (sent < read) sent += await socket.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token);
            }
            socket.Shutdown(SocketShutdown.Send);
        }
        catch { }
        finally
        {
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _accept;
    }
}
