using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// The end where users connect (the server in reverse flow, the client in forward flow): a TCP listener and a UDP socket on
/// the same port. Each TCP connection takes an idle data connection from the <see cref="TunnelPool"/> (waiting a bounded
/// time when there is none, e.g. while the other end reconnects), writes the Open frame and relays; UDP sessions do the
/// same through <see cref="TunnelUdpOpener"/>. Every connection is in the ledger under this end's pseudo-relay.
/// </summary>
internal sealed partial class TunnelOpener : IAsyncDisposable
{
    private const int ListenBacklog = 4096;

    private readonly TunnelEndContext _context;
    private readonly TunnelPool _pool;
    private readonly ConcurrentDictionary<ConnectionState, byte> _active = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Socket? _listener;
    private TunnelUdpOpener? _udp;
    private Task _acceptLoop = Task.CompletedTask;
    private int _running;

    public TunnelOpener(TunnelEndContext context, TunnelPool pool)
    {
        _context = context;
        _pool = pool;
    }

    /// <summary>The bound TCP endpoint (UDP is on the same port).</summary>
    public IPEndPoint? BoundEndPoint { get; private set; }

    /// <summary>Binds TCP and UDP on <paramref name="listen"/> (port 0: one free port for both). Throws <see cref="RelayBindException"/>.</summary>
    public void Start(IPEndPoint listen)
    {
        (_listener, var udp) = Bind(listen);
        BoundEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _udp = new TunnelUdpOpener(_context, _pool, udp);
        _udp.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private static (Socket Tcp, Socket Udp) Bind(IPEndPoint listen)
    {
        for (var attempt = 0; ; attempt++)
        {
            var tcp = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (listen.AddressFamily == AddressFamily.InterNetworkV6 && listen.Address.Equals(IPAddress.IPv6Any)) tcp.DualMode = true;
                tcp.Bind(listen);
                tcp.Listen(ListenBacklog);
            }
            catch (SocketException e)
            {
                tcp.Dispose();
                throw new RelayBindException(BindErrors.Describe(listen, e), e);
            }
            var bound = (IPEndPoint)tcp.LocalEndPoint!;
            try
            {
                var udp = UdpSockets.BindListener(new IPEndPoint(listen.Address, bound.Port), null, out _);
                return (tcp, udp);
            }
            catch (RelayBindException) when (listen.Port == 0 && attempt < 5)
            {
                tcp.Dispose(); // the free TCP port is taken for UDP: pick another
            }
            catch
            {
                tcp.Dispose();
                throw;
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_context.Stopping.IsCancellationRequested)
        {
            Socket user;
            try
            {
                user = await listener.AcceptAsync(_context.Stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { break; }
            catch (SocketException e) when (SocketErrors.IsResetOrAbort(e.SocketErrorCode)) { continue; }
            catch (Exception e)
            {
                Log.AcceptFailed(_context.Logger, _context.TunnelId, e);
                continue;
            }
            _ = ServeTcpAsync(user);
        }
    }

    private async Task ServeTcpAsync(Socket user)
    {
        Interlocked.Increment(ref _running);
        var relay = _context.State.Relay;
        var source = user.RemoteEndPoint?.ToString() ?? "unknown";
        var listen = user.LocalEndPoint?.ToString() ?? BoundEndPoint?.ToString() ?? "";
        ConnectionState? connection = null;
        TunnelDataConnection? data = null;
        var reason = CloseReason.Error;
        try
        {
            if (!relay.TryEnterConnection())
            {
                _context.Registry.RecordRejected(relay, "tcp", source, listen, CloseReason.RefusedByLimit);
                return;
            }
            connection = _context.Registry.Open(relay, "tcp", source, listen);
            _active.TryAdd(connection, 0);
            _context.State.Track(connection);
            user.NoDelay = true;
            data = await TakeAsync(connection).ConfigureAwait(false);
            if (data is null)
            {
                reason = connection.RequestedCloseReason != CloseReason.None ? connection.RequestedCloseReason
                    : _context.Stopping.IsCancellationRequested ? CloseReason.RelayStopped : CloseReason.TunnelUnavailable;
                if (reason == CloseReason.TunnelUnavailable)
                {
                    relay.CountFailed();
                    Log.NoDataConnection(_context.Logger, _context.TunnelId, source, _context.Options.PoolWaitTimeout);
                }
                return;
            }
            connection.Target = data.Remote;
            _context.Registry.TargetConnected(connection);
            var open = new TunnelOpen(TunnelNetwork.Tcp, connection.Id, source, listen);
            await data.Stream.WriteAsync(TunnelFrameWriter.ToArray(TunnelFrameType.Open, open.ToPayload()), _context.Stopping).ConfigureAwait(false);
            reason = await TunnelTcpRelay.RelayAsync(user, null, data.Socket, data.Tls, connection, _context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            reason = _context.Stopping.IsCancellationRequested ? CloseReason.RelayStopped : CloseReason.Error;
        }
        catch (Exception e)
        {
            Log.ConnectionFailed(_context.Logger, _context.TunnelId, e);
        }
        finally
        {
            data?.Dispose();
            user.Dispose();
            if (connection is not null)
            {
                _context.Registry.Complete(connection, reason);
                relay.ExitConnection();
                _context.State.Untrack(connection);
                _active.TryRemove(connection, out _);
            }
            if (Interlocked.Decrement(ref _running) == 0 && _context.Stopping.IsCancellationRequested) _drained.TrySetResult();
        }
    }

    private async Task<TunnelDataConnection?> TakeAsync(ConnectionState connection)
    {
        // Fast path: a hit needs no linked token source.
        if (_pool.TryTakeCounted() is { } hit) return hit;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted, _context.Stopping);
        try
        {
            return await _pool.TakeAsync(_context.Options.PoolWaitTimeout, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>After <see cref="TunnelEndContext.Stopping"/> fired: closes the listeners, drains TCP connections, stops UDP sessions.</summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var udp = _udp?.StopAsync() ?? Task.CompletedTask;
        if (Volatile.Read(ref _running) > 0)
        {
            try
            {
                await _drained.Task.WaitAsync(drainTimeout, _context.Time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                foreach (var (connection, _) in _active) connection.Abort(CloseReason.RelayStopped);
                await _drained.Task.ConfigureAwait(false);
            }
        }
        await udp.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
}
