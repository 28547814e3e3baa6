using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// The end that receives user connections from the tunnel (the client in reverse flow, the server in forward flow): each
/// idle data connection waits for its Open frame, then this end dials a target and relays, TCP or UDP. Every connection is
/// opened and completed through the registry under the end's pseudo-relay, so it is in the ledger with the user's
/// address, the address the user reached at the other end, and the target chosen here.
/// </summary>
internal sealed partial class TunnelAcceptor
{
    private readonly TunnelEndContext _context;
    private readonly TunnelTargetDialer _dialer;
    private readonly ConcurrentDictionary<TunnelDataConnection, byte> _idle = new();
    private readonly ConcurrentDictionary<ConnectionState, byte> _active = new();
    private readonly Action<int> _opened;
    private int _running;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="context">The end's shared parts.</param>
    /// <param name="opened">Called with the idle count left each time an idle connection is put to use.</param>
    public TunnelAcceptor(TunnelEndContext context, Action<int> opened)
    {
        _context = context;
        _opened = opened;
        _dialer = new TunnelTargetDialer(context, context.Config.Targets, (target, error) => Log.TargetConnectFailed(context.Logger, context.TunnelId, target, error));
    }

    /// <summary>Idle data connections waiting for an Open frame.</summary>
    public int IdleCount => _idle.Count;

    /// <summary>Closes every idle data connection (the session ended); connections in use carry on.</summary>
    public void DropIdle(Func<TunnelDataConnection, bool>? which = null)
    {
        foreach (var (connection, _) in _idle)
        {
            if (which is null || which(connection)) connection.Dispose();
        }
    }

    /// <summary>Serves one data connection until its user connection ends. Never throws; disposes it.</summary>
    public async Task ServeAsync(TunnelDataConnection data)
    {
        Interlocked.Increment(ref _running);
        _idle.TryAdd(data, 0);
        try
        {
            // Wait for data without holding a TLS or socket buffer while idle, then read exactly the Open frame.
            await data.Stream.ReadAsync(Memory<byte>.Empty, _context.Stopping).ConfigureAwait(false);
            var frame = await TunnelFrameReader.ReadOneAsync(data.Stream, TunnelProtocol.MaxControlPayload, _context.Stopping).ConfigureAwait(false);
            _idle.TryRemove(data, out _);
            if (frame is not { Type: TunnelFrameType.Open } open || !TunnelOpen.TryParse(open.Payload, out var request)) return;
            _opened(_idle.Count);
            if (request.Network == TunnelNetwork.Tcp) await ServeTcpAsync(data, request).ConfigureAwait(false);
            else await ServeUdpAsync(data, request).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
        {
            // An idle data connection closed by the other end (pool shrink, session over) or by our stop.
        }
        catch (Exception e)
        {
            Log.DataConnectionFailed(_context.Logger, _context.TunnelId, e);
        }
        finally
        {
            _idle.TryRemove(data, out _);
            data.Dispose();
            if (Interlocked.Decrement(ref _running) == 0 && _context.Stopping.IsCancellationRequested) _drained.TrySetResult();
        }
    }

    private async Task ServeTcpAsync(TunnelDataConnection data, TunnelOpen open)
    {
        var relay = _context.State.Relay;
        if (!relay.TryEnterConnection())
        {
            _context.Registry.RecordRejected(relay, "tcp", open.Source, open.Listen, CloseReason.RefusedByLimit);
            return;
        }
        var connection = _context.Registry.Open(relay, "tcp", open.Source, open.Listen);
        Begin(connection);
        var reason = CloseReason.Error;
        Socket? target = null;
        try
        {
            data.Socket.NoDelay = true;
            target = await _dialer.ConnectTcpAsync(connection).ConfigureAwait(false);
            if (target is null)
            {
                reason = connection.Aborted.IsCancellationRequested ? connection.RequestedCloseReason : CloseReason.ConnectFailed;
                if (reason == CloseReason.ConnectFailed) relay.CountFailed();
                return;
            }
            _context.Registry.TargetConnected(connection);
            if (_context.Config.ProxyProtocol)
            {
                await target.SendAsync(ProxyProtocolV1.Header(open.Source, open.Listen), SocketFlags.None, _context.Stopping).ConfigureAwait(false);
            }
            reason = await TunnelTcpRelay.RelayAsync(data.Socket, data.Tls, target, null, connection, _context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            reason = _context.Stopping.IsCancellationRequested ? CloseReason.RelayStopped : CloseReason.Error;
        }
        finally
        {
            target?.Dispose();
            End(connection, reason);
        }
    }

    private async Task ServeUdpAsync(TunnelDataConnection data, TunnelOpen open)
    {
        var relay = _context.State.Relay;
        if (!relay.TryEnterConnection())
        {
            _context.Registry.RecordRejected(relay, "udp", open.Source, open.Listen, CloseReason.RefusedByLimit);
            return;
        }
        var connection = _context.Registry.Open(relay, "udp", open.Source, open.Listen);
        Begin(connection);
        var reason = CloseReason.Error;
        Socket? target = null;
        try
        {
            target = await _dialer.ConnectUdpAsync(connection).ConfigureAwait(false);
            if (target is null)
            {
                reason = CloseReason.ConnectFailed;
                relay.CountFailed();
                return;
            }
            _context.Registry.TargetConnected(connection);
            reason = await TunnelUdpForwarder.RelayAsync(data, target, connection, _context).ConfigureAwait(false);
        }
        finally
        {
            target?.Dispose();
            End(connection, reason);
        }
    }

    private void Begin(ConnectionState connection)
    {
        _active.TryAdd(connection, 0);
        _context.State.Track(connection);
    }

    private void End(ConnectionState connection, CloseReason reason)
    {
        _context.Registry.Complete(connection, reason);
        _context.State.Relay.ExitConnection();
        _context.State.Untrack(connection);
        _active.TryRemove(connection, out _);
    }

    /// <summary>
    /// After <see cref="TunnelEndContext.Stopping"/> fired: idle connections end at once; active ones get
    /// <paramref name="drainTimeout"/> before they are aborted with <c>RelayStopped</c>. Completes when all are recorded.
    /// </summary>
    public async Task DrainAsync(TimeSpan drainTimeout)
    {
        DropIdle();
        if (Volatile.Read(ref _running) == 0) return;
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
}
