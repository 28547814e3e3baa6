using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Threading.Channels;
using RelayEngine.Configuration;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelClient
{
    private ClientSession? _current;

    /// <summary>Runs one authenticated session: control channel, pool filler, until the channel ends. Returns why it ended.</summary>
    private async Task<string> RunSessionAsync(TunnelClientConnection control)
    {
        var welcome = control.Welcome!.Value;
        var heartbeat = TimeSpan.FromMilliseconds(welcome.HeartbeatMilliseconds);
        using var channel = new TunnelControlChannel(control.Socket, control.Stream, _context.Time, heartbeat, _context.Options.HeartbeatMissLimit);
        using var session = new ClientSession(welcome.Session, welcome.Flow, channel,
            new TunnelPoolController(Config.MinPool, welcome.MaxPool, _context.Options.PoolShrinkAfter, _context.Time), _context.Options.PoolRefillDelay, _context.Time);
        State.Flow = welcome.Flow;
        State.Tls = control.TlsMode;
        State.CertificateFingerprint = control.Fingerprint is { } fp ? TunnelCertificates.FingerprintText(fp) : null;
        EnsureFlow(welcome.Flow); // may throw RelayBindException: the end is Faulted
        _pool?.DropOtherSessions(session.Id);
        _acceptor?.DropIdle(c => c.Session != session.Id);
        Volatile.Write(ref _current, session);
        State.PeerAddress = control.Socket.RemoteEndPoint?.ToString();
        State.CountSession();
        State.SetStatus(TunnelStatus.Connected, $"connected to {_server} ({welcome.Flow.ToString().ToLowerInvariant()}, tls {(int)control.TlsMode}, max {welcome.MaxPool})");
        Log.Connected(_context.Logger, _context.TunnelId, _server.ToString(), welcome.Flow, control.TlsMode, welcome.Session);

        using var sessionStop = CancellationTokenSource.CreateLinkedTokenSource(_context.Stopping, channel.Closed);
        var filler = FillPoolAsync(session, sessionStop.Token);
        var reason = await channel.RunAsync((type, payload) => OnControlFrame(session, type, payload), () => OnHeartbeat(session), _context.Stopping).ConfigureAwait(false);
        sessionStop.Cancel();
        await filler.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Interlocked.CompareExchange(ref _current, null, session);
        // Idle data connections of this session stay: if only the control connection failed they still carry new
        // connections until the next session replaces them; if the server is gone they are found dead before use.
        return reason;
    }

    /// <summary>Creates what the flow needs, once: the local listener and pool (forward) or the acceptor (reverse).</summary>
    private void EnsureFlow(TunnelFlow flow)
    {
        if (flow == TunnelFlow.Reverse)
        {
            _acceptor ??= new TunnelAcceptor(_context, idle => Volatile.Read(ref _current)?.Taken(idle));
            return;
        }
        if (_opener is not null) return;
        if (!EndpointParser.TryParseListen(Config.Targets[0], out var listen, out var error))
        {
            throw new RelayBindException($"The server runs forward (mode 2): this client listens on its target address, and '{Config.Targets[0]}' is not one: {error}");
        }
        var pool = new TunnelPool(_context.Time, _context.Options.MaxPoolWaiters,
            waiting => Volatile.Read(ref _current)?.Shortage(waiting), State, idle => Volatile.Read(ref _current)?.Taken(idle));
        var opener = new TunnelOpener(_context, pool);
        try
        {
            opener.Start(listen);
        }
        catch
        {
            pool.Dispose();
            throw;
        }
        _pool = pool;
        _opener = opener;
        State.PublicEndPoint = opener.BoundEndPoint!.ToString();
        Log.ListeningLocally(_context.Logger, _context.TunnelId, State.PublicEndPoint);
    }

    private string? OnControlFrame(ClientSession session, TunnelFrameType type, ReadOnlySequence<byte> payload)
    {
        if (type != TunnelFrameType.PoolNeed || payload.Length != 4) return $"protocol error: unexpected {type} frame from the server";
        Span<byte> bytes = stackalloc byte[4];
        payload.CopyTo(bytes);
        session.Shortage(BinaryPrimitives.ReadInt32BigEndian(bytes));
        return null;
    }

    private (int Idle, int Target) OnHeartbeat(ClientSession session)
    {
        if (session.Channel.LastRtt is { } rtt) State.SetPing(rtt);
        session.AdjustDue();
        var idle = IdleCount;
        State.SetPool(idle, session.Target);
        return (idle, session.Target);
    }

    private int IdleCount => _pool?.IdleCount ?? _acceptor?.IdleCount ?? 0;

    /// <summary>Keeps the pool at the controller's target: dials the deficit (bounded parallelism), closes surplus after a shrink.</summary>
    private async Task FillPoolAsync(ClientSession session, CancellationToken cancellationToken)
    {
        using var adjust = _context.Time.CreateTimer(static s => ((ClientSession)s!).AdjustDue(), session, _context.Options.PoolAdjustInterval, _context.Options.PoolAdjustInterval);
        while (!cancellationToken.IsCancellationRequested)
        {
            var idle = IdleCount;
            var (deficit, surplus) = session.Plan(idle);
            if (surplus > 0) CloseSurplus(surplus);
            var start = Math.Min(deficit, _context.Options.MaxConcurrentDials - session.Dialing);
            for (var i = 0; i < start; i++)
            {
                session.BeginDial();
                _ = DialAsync(session, cancellationToken);
            }
            State.SetPool(idle, session.Target);
            try
            {
                await session.Wake.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                break;
            }
        }
    }

    private void CloseSurplus(int surplus)
    {
        for (var i = 0; i < surplus; i++)
        {
            if (_pool?.TryTake() is { } pooled) pooled.Dispose();
        }
        if (_acceptor is { } acceptor)
        {
            var closed = 0;
            acceptor.DropIdle(_ => closed++ < surplus);
        }
    }

    private async Task DialAsync(ClientSession session, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await TunnelClientHandshake.ConnectAsync(_server, TunnelConnectionKind.Data, session.Id, _authenticator,
                _context.ConnectTimeout, _context.Options.HandshakeTimeout, _context.Time, cancellationToken).ConfigureAwait(false);
            var data = new TunnelDataConnection(connection.Socket, connection.Tls, session.Id);
            if (connection.Fingerprint is { } fp) State.CertificateFingerprint = TunnelCertificates.FingerprintText(fp);
            session.DialSucceeded();
            if (session.Flow == TunnelFlow.Reverse) _ = _acceptor!.ServeAsync(data);
            else _pool!.Add(data);
        }
        catch (Exception e) when (e is OperationCanceledException or TunnelRefusedException or IOException or System.Net.Sockets.SocketException
            or System.Security.Authentication.AuthenticationException or InvalidDataException)
        {
            if (cancellationToken.IsCancellationRequested) return;
            var failures = session.DialFailed();
            Log.DataDialFailed(_context.Logger, _context.TunnelId, e.Message);
            if (e is TunnelRefusedException { Reason: TunnelRefusalReason.UnknownSession }) session.Channel.Abort("the server no longer knows this session");
            // Failing dials back off (up to 2 s) so a refusing server is not hammered by the filler.
            if (failures > 1) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * failures)), _context.Time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            session.EndDial();
        }
    }

    /// <summary>One control session's pool bookkeeping; the controller is used under a lock (callbacks come from many threads).</summary>
    private sealed class ClientSession : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly TunnelPoolController controller;
        private readonly TimeSpan refillDelay;
        private readonly ITimer _refillTimer;
        private int _refillPending;
        private int _dialing;
        private int _failures;
        private int _adjustDue;

        public ClientSession(Guid id, TunnelFlow flow, TunnelControlChannel channel, TunnelPoolController controller, TimeSpan refillDelay, TimeProvider time)
        {
            Id = id;
            Flow = flow;
            Channel = channel;
            this.controller = controller;
            this.refillDelay = refillDelay;
            _refillTimer = time.CreateTimer(static s =>
            {
                var session = (ClientSession)s!;
                Volatile.Write(ref session._refillPending, 0);
                session.Kick();
            }, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public Guid Id { get; }
        public TunnelFlow Flow { get; }
        public TunnelControlChannel Channel { get; }
        public Channel<bool> Wake { get; } = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        public int Dialing => Volatile.Read(ref _dialing);
        public int Target { get { lock (_gate) return controller.Target; } }

        /// <summary>
        /// A pooled connection was put to use. Its replacement is dialled a moment later (<see cref="TunnelOptions.PoolRefillDelay"/>)
        /// unless the pool is low: the dial (a TCP and maybe a TLS handshake) would otherwise compete for the CPU with the
        /// very connection that took it, which showed as +3 ms time to first byte with tls=1 on 2 loaded cores.
        /// </summary>
        public void Taken(int idleAfter)
        {
            bool low;
            lock (_gate)
            {
                controller.OnTaken(idleAfter);
                low = idleAfter * 5 < controller.Target;
            }
            if (low || refillDelay <= TimeSpan.Zero) Kick();
            else if (Interlocked.Exchange(ref _refillPending, 1) == 0)
            {
                try { _refillTimer.Change(refillDelay, Timeout.InfiniteTimeSpan); }
                catch (ObjectDisposedException) { } // the session ended meanwhile
            }
        }

        public void Shortage(int waiting)
        {
            lock (_gate) controller.OnShortage(waiting);
            Kick();
        }

        public void AdjustDue()
        {
            Volatile.Write(ref _adjustDue, 1);
            Kick();
        }

        public (int Deficit, int Surplus) Plan(int idle)
        {
            lock (_gate)
            {
                var surplus = Interlocked.Exchange(ref _adjustDue, 0) == 1 ? controller.Adjust(idle) : 0;
                return (controller.Deficit(idle, Dialing), surplus);
            }
        }

        public void BeginDial() => Interlocked.Increment(ref _dialing);
        public void EndDial()
        {
            Interlocked.Decrement(ref _dialing);
            Kick();
        }

        public void DialSucceeded() => Volatile.Write(ref _failures, 0);
        public int DialFailed() => Interlocked.Increment(ref _failures);

        private void Kick() => Wake.Writer.TryWrite(true);

        public void Dispose() => _refillTimer.Dispose();
    }
}
