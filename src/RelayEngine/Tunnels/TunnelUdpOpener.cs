using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using RelayEngine.Connections;

namespace RelayEngine.Tunnels;

/// <summary>
/// UDP at the end where users connect: one socket, a session per user address, each session carried by one data
/// connection (Open frame, then datagram frames both ways). A session ends after the idle timeout without datagrams either
/// way, when the other end closes its data connection, or on stop. Datagrams that arrive while a session waits for its
/// data connection are queued (bounded; beyond it they are dropped, as UDP may).
/// </summary>
internal sealed class TunnelUdpOpener
{
    private const int SessionQueue = 256;
    private static readonly TimeSpan RefusedRetry = TimeSpan.FromSeconds(1);

    private readonly TunnelEndContext _context;
    private readonly TunnelPool _pool;
    private readonly Socket _socket;
    private readonly ConcurrentDictionary<SocketAddress, Session> _sessions = new();
    private readonly ConcurrentDictionary<SocketAddress, long> _refused = new();
    private readonly string _listen;
    private readonly IPEndPoint _endPointFactory;
    private Task _receiveLoop = Task.CompletedTask;
    private ITimer? _sweep;

    public TunnelUdpOpener(TunnelEndContext context, TunnelPool pool, Socket socket)
    {
        _context = context;
        _pool = pool;
        _socket = socket;
        _listen = socket.LocalEndPoint?.ToString() ?? "";
        _endPointFactory = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    public void Start()
    {
        var idle = _context.UdpIdleTimeout;
        var every = TimeSpan.FromTicks(Math.Clamp(idle.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _sweep = _context.Time.CreateTimer(static s => ((TunnelUdpOpener)s!).Sweep(), this, every, every);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(TunnelProtocol.MaxDatagram, pinned: true);
        var from = new SocketAddress(_socket.AddressFamily);
        var token = _context.Stopping;
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { break; }
            catch (SocketException) { continue; } // ICMP for an earlier reply, or a transient error
            if (!_sessions.TryGetValue(from, out var session) && (session = OpenSession(from)) is null) continue;
            var copy = ArrayPool<byte>.Shared.Rent(Math.Max(1, received));
            buffer.AsSpan(0, received).CopyTo(copy);
            session.Touch(_context.Time.GetTimestamp());
            if (!session.Outbound.Writer.TryWrite(new Datagram(copy, received))) ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private Session? OpenSession(SocketAddress from)
    {
        var now = _context.Time.GetTimestamp();
        if (_refused.TryGetValue(from, out var until) && now < until) return null;
        var key = Clone(from);
        var source = ((IPEndPoint)_endPointFactory.Create(key)).ToString();
        var relay = _context.State.Relay;
        if (!relay.TryEnterConnection())
        {
            if (_refused.Count > 4096) _refused.Clear();
            _refused[key] = now + (long)(RefusedRetry.TotalSeconds * _context.Time.TimestampFrequency);
            _context.Registry.RecordRejected(relay, "udp", source, _listen, CloseReason.RefusedByLimit);
            return null;
        }
        var connection = _context.Registry.Open(relay, "udp", source, _listen);
        _context.State.Track(connection);
        var session = new Session(key, source, connection, now);
        _sessions[key] = session;
        session.Run = RunSessionAsync(session);
        return session;
    }

    private async Task RunSessionAsync(Session session)
    {
        await Task.Yield(); // leave the receive loop
        var connection = session.Connection;
        var reason = CloseReason.Error;
        TunnelDataConnection? data = null;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted, _context.Stopping);
        try
        {
            data = await _pool.TakeAsync(_context.Options.PoolWaitTimeout, cancel.Token).ConfigureAwait(false);
            if (data is null)
            {
                reason = CloseReason.TunnelUnavailable;
                _context.State.Relay.CountFailed();
                return;
            }
            connection.Target = data.Remote;
            _context.Registry.TargetConnected(connection);
            var open = new TunnelOpen(TunnelNetwork.Udp, connection.Id, session.Source, _listen);
            await data.Stream.WriteAsync(TunnelFrameWriter.ToArray(TunnelFrameType.Open, open.ToPayload()), cancel.Token).ConfigureAwait(false);
            var up = UpAsync(session, data, cancel.Token);
            var down = DownAsync(session, data, cancel.Token);
            var first = await Task.WhenAny(up, down).ConfigureAwait(false);
            cancel.Cancel();
            await Task.WhenAll(up, down).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            reason = first == down && down.IsCompletedSuccessfully && down.Result ? CloseReason.TargetClosed : CloseReason.Error;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            if (connection.RequestedCloseReason != CloseReason.None) reason = connection.RequestedCloseReason;
            else if (_context.Stopping.IsCancellationRequested) reason = CloseReason.RelayStopped;
            data?.Dispose();
            session.Outbound.Writer.TryComplete();
            while (session.Outbound.Reader.TryRead(out var left)) ArrayPool<byte>.Shared.Return(left.Buffer);
            _sessions.TryRemove(new KeyValuePair<SocketAddress, Session>(session.Address, session));
            _context.Registry.Complete(connection, reason);
            _context.State.Relay.ExitConnection();
            _context.State.Untrack(connection);
        }
    }

    /// <summary>User → tunnel: the session's queued datagrams, one frame each.</summary>
    private async Task UpAsync(Session session, TunnelDataConnection data, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var datagram in session.Outbound.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    session.Connection.AddUp(datagram.Length);
                    if (_context.RateUp is { } rate) await rate.WaitAsync(datagram.Length, cancellationToken).ConfigureAwait(false);
                    await TunnelDatagrams.WriteAsync(data.Stream, datagram.Buffer.AsMemory(0, datagram.Length), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(datagram.Buffer);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Tunnel → user. True when the other end closed the data connection cleanly.</summary>
    private async Task<bool> DownAsync(Session session, TunnelDataConnection data, CancellationToken cancellationToken)
    {
        try
        {
            var result = await TunnelDatagrams.ReadAllAsync(TunnelDatagrams.CreateReader(data.Stream), async datagram =>
            {
                session.Connection.AddDown(datagram.Length);
                session.Touch(_context.Time.GetTimestamp());
                if (_context.RateDown is { } rate) await rate.WaitAsync(datagram.Length, cancellationToken).ConfigureAwait(false);
                await _socket.SendToAsync(datagram, SocketFlags.None, session.Address, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return result == TunnelFrameReadResult.Frame;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void Sweep()
    {
        var now = _context.Time.GetTimestamp();
        var idle = _context.UdpIdleTimeout;
        foreach (var (_, session) in _sessions)
        {
            if (_context.Time.GetElapsedTime(session.LastActivity, now) >= idle) session.Connection.Abort(CloseReason.IdleTimeout);
        }
    }

    /// <summary>After <see cref="TunnelEndContext.Stopping"/> fired: closes the socket and ends every session (UDP has nothing to drain).</summary>
    public async Task StopAsync()
    {
        _sweep?.Dispose();
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        foreach (var (_, session) in _sessions) session.Connection.Abort(CloseReason.RelayStopped);
        await Task.WhenAll(_sessions.Values.Select(s => s.Run)).ConfigureAwait(false);
    }

    private static SocketAddress Clone(SocketAddress address)
    {
        var clone = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(clone.Buffer.Span);
        return clone;
    }

    private readonly record struct Datagram(byte[] Buffer, int Length);

    private sealed class Session(SocketAddress address, string source, ConnectionState connection, long now)
    {
        private long _lastActivity = now;

        public SocketAddress Address { get; } = address;
        public string Source { get; } = source;
        public ConnectionState Connection { get; } = connection;
        public Task Run { get; set; } = Task.CompletedTask;
        public long LastActivity => Volatile.Read(ref _lastActivity);

        public Channel<Datagram> Outbound { get; } = Channel.CreateBounded<Datagram>(
            new BoundedChannelOptions(SessionQueue) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, SingleWriter = true },
            static dropped => ArrayPool<byte>.Shared.Return(dropped.Buffer));

        public void Touch(long now) => Volatile.Write(ref _lastActivity, now);
    }
}
