using System.Net;
using System.Net.Sockets;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>
/// The datagrams of one client address through a UDP relay: its ledger record (<see cref="Connection"/>), its upstream
/// socket(s) and its last activity. Failover/round-robin sessions have one current upstream and move to the next candidate
/// target when the current one is unreachable; fan-out sessions have one upstream per target. <see cref="Close"/> runs once.
/// </summary>
internal sealed class UdpSession
{
    private readonly UdpRelayListener _listener;
    private readonly IPEndPoint?[] _endpoints;
    private readonly int[] _candidates;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private UdpUpstream[] _fanOut = [];
    private volatile UdpUpstream? _current;
    private int _nextCandidate;
    private long _lastActivity;
    private int _closed;
    private int _warned;
    private CancellationTokenRegistration _abortRegistration;

    /// <param name="listener">The owning listener (listening socket, logging, loop tracking).</param>
    /// <param name="client">The client's address; a private copy, used as the session key and to send replies.</param>
    /// <param name="connection">The registry record of this session.</param>
    /// <param name="endpoints">Resolved targets by configuration index (null: unresolved).</param>
    /// <param name="candidates">Target indexes in the order to try them.</param>
    /// <param name="fanOut">Send every datagram to every target.</param>
    /// <param name="now">Open time, as <see cref="TimeProvider.GetTimestamp"/>.</param>
    public UdpSession(UdpRelayListener listener, SocketAddress client, ConnectionState connection, IPEndPoint?[] endpoints, int[] candidates, bool fanOut, long now)
    {
        _listener = listener;
        Client = client;
        Connection = connection;
        _endpoints = endpoints;
        _candidates = candidates;
        IsFanOut = fanOut;
        _lastActivity = now;
    }

    public SocketAddress Client { get; }
    public ConnectionState Connection { get; }
    public bool IsFanOut { get; }
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Cancelled when the session closes; every loop of the session observes it.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Timestamp of the last datagram either way.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Opens the upstream socket(s). False when no target can be used; the session is then closed (ConnectFailed).</summary>
    public bool Start()
    {
        // Admin close and relay stop arrive through the record's Aborted token; the registry records the requested reason.
        _abortRegistration = Connection.Aborted.UnsafeRegister(static s => ((UdpSession)s!).Close(CloseReason.ClosedByAdmin), this);
        if (!IsFanOut) return MoveToNextTarget(failed: null);

        var upstreams = new List<UdpUpstream>(_candidates.Length);
        foreach (var index in _candidates)
        {
            if (TryCreateUpstream(index) is { } upstream) upstreams.Add(upstream);
        }
        lock (_gate)
        {
            if (!IsClosed) _fanOut = [.. upstreams];
        }
        if (_fanOut.Length == 0)
        {
            foreach (var upstream in upstreams) upstream.Dispose();
            Close(CloseReason.ConnectFailed);
            return false;
        }
        foreach (var upstream in _fanOut) _listener.StartUpstreamLoop(this, upstream);
        return true;
    }

    /// <summary>Sends a client datagram on (to every target for fan-out) and counts it once. Never throws.</summary>
    public async ValueTask<UdpSendResult> SendUpstreamAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        Touch();
        if (IsFanOut) return await SendFanOutAsync(datagram, cancellationToken).ConfigureAwait(false);

        while (_current is { } upstream)
        {
            var result = await upstream.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case UdpSendResult.Sent:
                    Connection.AddUp(datagram.Length);
                    return result;
                case UdpSendResult.TargetUnreachable:
                    if (!MoveToNextTarget(upstream)) return result;
                    break; // resend to the next target
                case UdpSendResult.Closed:
                    // The upstream was replaced under us (failover from its receive loop): resend to the new one.
                    if (IsClosed || ReferenceEquals(_current, upstream)) return result;
                    break;
                default:
                    ReportError(upstream.LastError); // e.g. a datagram too large for the target's address family: dropped
                    return result;
            }
        }
        return UdpSendResult.Closed;
    }

    /// <summary>Sends a target's reply to the client through the listening socket and counts it. Never throws.</summary>
    public async ValueTask<UdpSendResult> SendToClientAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        Touch(); // before the send, so whoever sees the reply also sees the activity
        try
        {
            await _listener.ListenSocket.SendToAsync(datagram, SocketFlags.None, Client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            var result = UdpSocketErrors.Classify(e);
            if (result == UdpSendResult.Error) ReportError(e);
            return result; // an unreachable client just loses the datagram, as UDP would
        }
        Connection.AddDown(datagram.Length);
        return UdpSendResult.Sent;
    }

    /// <summary>The current target stopped answering with an ICMP error: move on (called from its receive loop).</summary>
    public void OnUpstreamUnreachable(UdpUpstream upstream) => MoveToNextTarget(upstream);

    /// <summary>A fan-out target reported an ICMP error; it keeps getting datagrams (its receiver may come back).</summary>
    public void OnFanOutTargetUnreachable(UdpUpstream upstream)
    {
        if (upstream.FirstUnreachableReport()) _listener.OnTargetUnreachable(this, upstream.TargetName, upstream.LastSocketError);
    }

    /// <summary>Logs an unexpected error at Warning, once per session.</summary>
    public void ReportError(Exception? exception)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0) _listener.OnSessionError(this, exception);
    }

    /// <summary>Closes the session once: stops its loops, disposes its sockets, completes its record, frees its slot.</summary>
    public void Close(CloseReason reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _abortRegistration.Unregister();
        _closing.Cancel();
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
            foreach (var upstream in _fanOut) upstream.Dispose();
        }
        _listener.OnSessionClosed(this, reason);
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _listener.Time.GetTimestamp());

    private async ValueTask<UdpSendResult> SendFanOutAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        var sent = false;
        foreach (var upstream in _fanOut)
        {
            switch (await upstream.SendAsync(datagram, cancellationToken).ConfigureAwait(false))
            {
                case UdpSendResult.Sent:
                    // Counted once, however many targets it goes to, and as soon as the first has it: that target's reply
                    // can reach the client before the other sends finish, and counters must never show a reply to a
                    // datagram they have not counted.
                    if (!sent) Connection.AddUp(datagram.Length);
                    sent = true;
                    break;
                case UdpSendResult.TargetUnreachable: OnFanOutTargetUnreachable(upstream); break;
                case UdpSendResult.Error: ReportError(upstream.LastError); break;
            }
        }
        if (!sent) return IsClosed ? UdpSendResult.Closed : UdpSendResult.TargetUnreachable;
        return UdpSendResult.Sent;
    }

    /// <summary>
    /// Replaces <paramref name="failed"/> (null at start) with an upstream to the next usable candidate. Races between the
    /// send path and the receive loop are settled under the gate: only the caller still holding the current upstream moves.
    /// When no candidate is left the session closes with ConnectFailed.
    /// </summary>
    private bool MoveToNextTarget(UdpUpstream? failed)
    {
        UdpUpstream? next = null;
        lock (_gate)
        {
            if (IsClosed) return false;
            if (!ReferenceEquals(_current, failed)) return _current is not null;
            failed?.Dispose();
            _current = null;
            while (next is null && _nextCandidate < _candidates.Length)
            {
                next = TryCreateUpstream(_candidates[_nextCandidate++]);
            }
            _current = next;
            if (next is not null) Connection.Target = next.TargetName;
        }

        if (failed is not null) _listener.OnFailedOver(this, failed, next);
        if (next is null)
        {
            Close(CloseReason.ConnectFailed);
            return false;
        }
        _listener.StartUpstreamLoop(this, next);
        return true;
    }

    private UdpUpstream? TryCreateUpstream(int index)
    {
        if (_endpoints[index] is not { } endpoint) return null;
        try
        {
            return new UdpUpstream(index, _listener.TargetName(index), endpoint, _listener.MulticastInterface);
        }
        catch (SocketException e)
        {
            // e.g. no route to the target: connecting a UDP socket fails at once.
            _listener.OnTargetUnreachable(this, _listener.TargetName(index), e.SocketErrorCode);
            return null;
        }
    }
}
