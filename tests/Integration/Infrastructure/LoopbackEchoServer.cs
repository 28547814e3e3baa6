using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP echo server on 127.0.0.1 (free port): echoes every byte and keeps half-close (a FIN from the client is answered with
/// a FIN after the echo). Counts accepted connections and can close all of them, gracefully or with a reset.
/// </summary>
public sealed class LoopbackEchoServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    /// <param name="port">0 picks a free port; a given one lets a UDP server share the address (a TCP+UDP target).</param>
    public LoopbackEchoServer(int port = 0)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        _listener.Listen(128);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary><c>127.0.0.1:PORT</c>, as a relay target.</summary>
    public string Address => EndPoint.ToString();

    public int AcceptedCount => Volatile.Read(ref _accepted);

    public int OpenCount => _connections.Count;

    /// <summary>Closes every open connection: with a FIN, or with a reset (RST) when <paramref name="abort"/>.</summary>
    public void CloseAllConnections(bool abort = false)
    {
        foreach (var socket in _connections.Keys)
        {
            try
            {
                if (abort) socket.LingerState = new LingerOption(true, 0);
                else socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // already closing
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        CloseAllConnections(abort: true);
        await _acceptLoop.WaitAsync(TestTimeouts.Default);
        await Task.WhenAll(_connections.Values).WaitAsync(TestTimeouts.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[socket] = gate.Task;
            _ = EchoAsync(socket, gate);
        }
    }

    private async Task EchoAsync(Socket socket, TaskCompletionSource done)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    break;
                }
                await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // closed by the peer, by CloseAllConnections, or at dispose
        }
        finally
        {
            _connections.TryRemove(socket, out _);
            socket.Dispose();
            done.TrySetResult();
        }
    }
}
