using System.Net;
using System.Net.Sockets;
using RelayEngine.Configuration;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// The server end of a tunnel (NodePass <c>server://</c>). Listens on the tunnel address for control and data
/// connections from its client; resolves the flow (<c>mode</c>); in reverse flow it also listens on the public target
/// address and opens user connections through the pool, in forward flow it receives them and dials its targets.
/// </summary>
/// <remarks>
/// <code>
///  reverse:  user ──► [server: public TCP/UDP] ══ pooled data conn ══► [client] ──► target
///  forward:  user ──► [client: local TCP/UDP]  ══ pooled data conn ══► [server] ──► target
///                     control channel (client → server): heartbeats, PoolNeed, Refused
/// </code>
/// When the client is gone the public listener stays up; new user connections wait for a data connection up to
/// <see cref="TunnelOptions.PoolWaitTimeout"/>, then are refused (<c>TunnelUnavailable</c>). Connections already relaying on
/// healthy data connections are not cut when the control channel drops. A newer authenticated control connection replaces
/// the current one.
/// </remarks>
internal sealed partial class TunnelServer : ITunnelEnd
{
    private readonly TunnelEndContext _context;
    private readonly CancellationTokenSource _stopping;
    private readonly TunnelAuthenticator _authenticator;
    private readonly AuthFailureThrottle _throttle;
    private readonly SemaphoreSlim _handshakes;
    private TunnelCertificateSource? _certificates;
    private Socket? _listener;
    private TunnelPool? _pool;
    private TunnelOpener? _opener;
    private TunnelAcceptor? _acceptor;
    private ServerSession? _session;
    private Task _acceptLoop = Task.CompletedTask;
    private Task _sessionTask = Task.CompletedTask;
    private TunnelFlow _flow;
    private int _stopped;

    public TunnelServer(TunnelEndContext context, CancellationTokenSource stopping)
    {
        _context = context;
        _stopping = stopping;
        _authenticator = new TunnelAuthenticator(context.Config.Key);
        _throttle = new AuthFailureThrottle(context.Time, context.Options.AuthFailuresBeforeDelay, context.Options.AuthMaxDelay);
        _handshakes = new SemaphoreSlim(Math.Max(1, context.Options.MaxConcurrentHandshakes));
    }

    private TunnelConfig Config => _context.Config;
    private TunnelState State => _context.State;

    /// <summary>Binds the tunnel address (and the public address in reverse flow). Throws <see cref="RelayBindException"/> or <see cref="InvalidOperationException"/> with a readable reason.</summary>
    public void Start()
    {
        State.SetStatus(TunnelStatus.Starting, "starting");
        if (!EndpointParser.TryParseListen(Config.TunnelAddress, out var tunnelAddress, out var error)) throw new RelayBindException(error);
        if (Config.Tls != TunnelTlsMode.None)
        {
            _certificates = TunnelCertificateSource.Create(Config, _context.Options, _context.Time, _context.Logger, fingerprint =>
            {
                State.CertificateFingerprint = fingerprint;
                State.SetStatus(State.Status, $"certificate reloaded (fingerprint {fingerprint[..16]}…); connections kept");
            });
            State.CertificateFingerprint = _certificates.FingerprintText;
        }
        _listener = BindTunnelListener(tunnelAddress);
        State.TunnelEndPoint = _listener.LocalEndPoint?.ToString();
        try
        {
            _flow = StartFlow();
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        State.Flow = _flow;
        State.Tls = Config.Tls;
        _acceptLoop = Task.Run(AcceptLoopAsync);
        Log.Listening(_context.Logger, _context.TunnelId, State.TunnelEndPoint!, _flow, State.PublicEndPoint ?? string.Join(", ", Config.Targets), Config.Tls);
        State.SetStatus(TunnelStatus.WaitingForClient, $"listening on {State.TunnelEndPoint}; waiting for a client");
    }

    private static Socket BindTunnelListener(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endPoint);
            socket.Listen(4096);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RelayBindException("Tunnel address: " + BindErrors.Describe(endPoint, e), e);
        }
    }

    /// <summary>NodePass's mode: reverse binds the target address for users; auto tries that and falls back to forward.</summary>
    private TunnelFlow StartFlow()
    {
        if (Config.Flow == TunnelFlow.Forward) return StartForward();
        if (!EndpointParser.TryParseListen(Config.Targets[0], out var publicAddress, out var error))
        {
            if (Config.Flow == TunnelFlow.Reverse) throw new RelayBindException("Target address (reverse mode listens on it): " + error);
            return StartForward();
        }
        var pool = new TunnelPool(_context.Time, _context.Options.MaxPoolWaiters, RequestMore, State);
        var opener = new TunnelOpener(_context, pool);
        try
        {
            opener.Start(publicAddress);
        }
        catch (RelayBindException) when (Config.Flow == TunnelFlow.Auto)
        {
            pool.Dispose();
            return StartForward(); // the target address is not ours to bind: it is a service to reach (NodePass mode 0)
        }
        _pool = pool;
        _opener = opener;
        State.PublicEndPoint = opener.BoundEndPoint!.ToString();
        return TunnelFlow.Reverse;
    }

    private TunnelFlow StartForward()
    {
        _acceptor = new TunnelAcceptor(_context, static _ => { });
        return TunnelFlow.Forward;
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        var token = _context.Stopping;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { break; }
            catch (SocketException e) when (SocketErrors.IsResetOrAbort(e.SocketErrorCode)) { continue; }
            catch (Exception e)
            {
                Log.AcceptFailed(_context.Logger, _context.TunnelId, e);
                continue;
            }
            if (!_handshakes.Wait(0))
            {
                socket.Dispose(); // a flood of half-open handshakes: shed at once
                continue;
            }
            _ = HandshakeAsync(socket);
        }
    }

    /// <summary>Makes <paramref name="session"/> the current one and runs its control channel until it ends.</summary>
    private async Task RunSessionAsync(ServerSession session)
    {
        var previous = Interlocked.Exchange(ref _session, session);
        if (previous is not null) await previous.Channel.CloseAsync(TunnelRefusalReason.Replaced, $"replaced by a new control connection from {session.Peer}").ConfigureAwait(false);
        _pool?.DropOtherSessions(session.Id);
        _acceptor?.DropIdle(c => c.Session != session.Id);
        State.PeerAddress = session.Peer;
        State.CountSession();
        State.SetStatus(TunnelStatus.Connected, $"client {session.Peer} connected");
        Log.ClientConnected(_context.Logger, _context.TunnelId, session.Peer, session.Id);

        var reason = await session.Channel.RunAsync(OnControlFrame, OnHeartbeat, _context.Stopping).ConfigureAwait(false);
        session.Channel.Dispose();
        if (Interlocked.CompareExchange(ref _session, null, session) == session && !_context.Stopping.IsCancellationRequested)
        {
            State.ClearPing();
            State.SetStatus(TunnelStatus.WaitingForClient, $"client {session.Peer} lost: {reason}; new connections wait up to {_context.Options.PoolWaitTimeout.TotalSeconds:0.#} s for it");
            Log.ClientLost(_context.Logger, _context.TunnelId, session.Peer, reason);
        }
    }

    private string? OnControlFrame(TunnelFrameType type, System.Buffers.ReadOnlySequence<byte> payload) =>
        $"protocol error: unexpected {type} frame from the client";

    private (int Idle, int Target) OnHeartbeat()
    {
        var idle = _pool?.Sweep() ?? _acceptor?.IdleCount ?? 0;
        var session = Volatile.Read(ref _session);
        if (session?.Channel.LastRtt is { } rtt) State.SetPing(rtt);
        var target = session?.Channel.PeerPing?.PoolTarget ?? 0;
        State.SetPool(idle, target);
        return (idle, Config.MaxPool);
    }

    /// <summary>Reverse flow: user connections are waiting for data connections; ask the client for that many more.</summary>
    private void RequestMore(int waiting)
    {
        if (Volatile.Read(ref _session) is not { } session) return;
        var payload = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(payload, waiting);
        _ = SendQuietlyAsync(session, TunnelFrameType.PoolNeed, payload);
    }

    private async Task SendQuietlyAsync(ServerSession session, TunnelFrameType type, byte[] payload)
    {
        try
        {
            await session.Channel.SendAsync(type, payload, _context.Stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private int IdleDataConnections => _pool?.IdleCount ?? _acceptor?.IdleCount ?? 0;

    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        State.SetStatus(TunnelStatus.Stopping, "stopping");
        var session = Interlocked.Exchange(ref _session, null);
        if (session is not null) await session.Channel.CloseAsync(TunnelRefusalReason.ShuttingDown, "the server is stopping").ConfigureAwait(false);
        _stopping.Cancel();
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await _sessionTask.ConfigureAwait(false);
        _pool?.Dispose();
        if (_opener is not null) await _opener.StopAsync(drainTimeout).ConfigureAwait(false);
        if (_acceptor is not null) await _acceptor.DrainAsync(drainTimeout).ConfigureAwait(false);
        _certificates?.Dispose();
        _context.Dispose();
        State.SetStatus(TunnelStatus.Stopped, "stopped");
        Log.Stopped(_context.Logger, _context.TunnelId);
    }

    // _handshakes is not disposed: handshakes still finishing release it (a SemaphoreSlim without a wait handle holds nothing).
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero).ConfigureAwait(false);

    private sealed record ServerSession(Guid Id, string Peer, TunnelControlChannel Channel);
}
