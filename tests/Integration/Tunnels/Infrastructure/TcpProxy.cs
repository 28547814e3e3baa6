using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RelayWeb.IntegrationTests.Tunnels.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1:0 in front of <c>upstream</c> that remembers its connections in arrival order, so a test can
/// cut one (a reset both ways) or freeze it (stop forwarding, as a silently dead path does) while the others carry on.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Link> _links = new();
    private readonly Task _accept;

    public TcpProxy(IPEndPoint upstream)
    {
        _upstream = upstream;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accept = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint { get; }
    public int Count => _links.Count;

    /// <summary>Resets the <paramref name="index"/>-th connection (0 = the first one made) on both sides.</summary>
    public void Cut(int index) => _links.ElementAt(index).Cut();

    /// <summary>Stops forwarding on the <paramref name="index"/>-th connection without closing it.</summary>
    public void Freeze(int index) => _links.ElementAt(index).Frozen = true;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch { return; }
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try { await upstream.ConnectAsync(_upstream, _stop.Token); }
            catch { client.Dispose(); upstream.Dispose(); continue; }
            client.NoDelay = true;
            var link = new Link(client, upstream);
            _links.Enqueue(link);
            _ = link.PumpAsync(client, upstream);
            _ = link.PumpAsync(upstream, client);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _accept.WaitAsync(TestTimeouts.Default);
        foreach (var link in _links) link.Cut();
    }

    private sealed class Link(Socket a, Socket b)
    {
        public volatile bool Frozen;

        public async Task PumpAsync(Socket from, Socket to)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var n = await from.ReceiveAsync(buffer, SocketFlags.None);
                    if (Frozen) { if (n == 0) return; continue; } // swallow data and FIN alike: the path is dead but nobody says so
                    if (n == 0) { to.Shutdown(SocketShutdown.Send); return; }
                    await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                }
            }
            catch { }
        }

        public void Cut()
        {
            foreach (var socket in new[] { a, b })
            {
                try { socket.LingerState = new LingerOption(true, 0); } catch { }
                socket.Dispose();
            }
        }
    }
}
