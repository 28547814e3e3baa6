using System.Buffers;
using System.Net;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;
using static RelayEngine.Transport.Epoll.EpollNative;

namespace RelayEngine.Transport.Epoll;

/// <summary>
/// One relayed TCP connection on an epoll loop: connect to a target (failover or round-robin, a timeout per attempt),
/// then move bytes both ways, keep half-closes, and record the end through the registry exactly once. Everything runs on
/// the loop's thread; <see cref="ConnectionState.Abort"/> from elsewhere is posted to it.
/// </summary>
/// <remarks>
/// Both sockets are edge-triggered, so a readable socket is read until a short read, EAGAIN or EOF. Bytes go through the
/// loop's one scratch buffer; only what the destination does not take at once is copied to a pooled buffer of this
/// connection, and reading that direction stops until EPOLLOUT says the destination drained (backpressure). A short read
/// with EPOLLRDHUP seen is the end of the stream without another recv, as haproxy does. The close reasons follow
/// <see cref="TcpRelayListener"/>: whoever sent FIN or failed first decides, a requested reason (admin, idle, stop) wins.
/// </remarks>
internal sealed class EpollTcpConnection : IEpollHandler, ILoopTimer, IConnectionAbortHandler
{
    // During a bulk transfer a readable socket could be read forever; after this many full buffers the rest is posted
    // behind the loop's other work (SocketCopier yields the same way).
    private const int FullReadsBeforeYield = 16;
    private const uint ClientEvents = EPOLLIN | EPOLLRDHUP | EPOLLET;
    private const uint UpstreamEvents = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;

    private readonly EpollTcpRelayListener _listener;
    private readonly EpollLoop _loop;
    private readonly ConnectionState _state;
    private readonly int _client;
    private ulong _clientToken;
    private int _upstream = -1;
    private ulong _upstreamToken;
    private int _attempt;
    private int _firstTarget;
    private long _attemptId;
    private bool _connected;
    private bool _finished;
    private bool _clientWantsOut;
    private Direction _up;   // client → target
    private Direction _down; // target → client

    private struct Direction
    {
        public byte[]? Pending; // bytes read but not yet taken by the destination
        public int PendingOffset;
        public int PendingLength;
        public bool Ended;      // EOF read from the source
        public bool PeerHalfClosed; // EPOLLRDHUP seen on the source
    }

    public EpollTcpConnection(EpollTcpRelayListener listener, EpollLoop loop, int clientFd, ConnectionState state)
    {
        _listener = listener;
        _loop = loop;
        _client = clientFd;
        _state = state;
    }

    public void Start()
    {
        _state.AbortHandler = this;
        SetNoDelay(_client);
        _clientToken = _loop.Register(_client, ClientEvents, this);
        if (_clientToken == 0 || _state.RequestedCloseReason != CloseReason.None)
        {
            Finish(CloseReason.Error);
            return;
        }
        _firstTarget = _listener.Targets.NextStart();
        BeginAttempt();
    }

    // ---- connecting ----

    private void BeginAttempt()
    {
        var targets = _listener.Targets;
        while (_attempt < targets.Count)
        {
            if (_state.RequestedCloseReason != CloseReason.None)
            {
                Finish(CloseReason.ConnectFailed); // closed while connecting: no further target; the requested reason is recorded
                return;
            }
            var index = (_firstTarget + _attempt) % targets.Count;
            _state.Target = targets.TextOf(index);
            if (targets.LiteralEndPointOf(index) is { } endPoint)
            {
                if (TryConnect(endPoint)) return;
                _attempt++;
                continue;
            }
            _ = ResolveThenConnectAsync(index, ++_attemptId);
            return;
        }
        _listener.Relay.CountFailed();
        Finish(CloseReason.ConnectFailed);
    }

    /// <summary>A DNS name: resolved off the loop (it may block), the connect continues on the loop.</summary>
    private async Task ResolveThenConnectAsync(int index, long attemptId)
    {
        IPEndPoint? endPoint = null;
        string? error = null;
        using (var timeout = new CancellationTokenSource(_listener.ConnectTimeout, _listener.Time))
        {
            try
            {
                endPoint = await _listener.Targets[index].ResolveAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                error = "timed out";
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                error = ex.SocketErrorCode.ToString();
            }
        }
        _loop.Post(static s =>
        {
            var (connection, id, resolved, failure) = ((EpollTcpConnection, long, IPEndPoint?, string?))s!;
            connection.OnResolved(id, resolved, failure);
        }, (this, attemptId, endPoint, error));
    }

    private void OnResolved(long attemptId, IPEndPoint? endPoint, string? error)
    {
        if (_finished || attemptId != _attemptId) return;
        if (endPoint is not null && TryConnect(endPoint)) return;
        if (endPoint is null) AttemptFailed(error ?? "no address");
        else NextAttempt();
    }

    private unsafe bool TryConnect(IPEndPoint endPoint)
    {
        Span<byte> address = stackalloc byte[32];
        var length = WriteSockAddr(endPoint, address);
        var fd = socket(length == 16 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            LogAttemptFailed(DescribeErrno(Errno));
            return false;
        }
        SetNoDelay(fd);
        int result;
        fixed (byte* a = address) result = connect(fd, a, length);
        if (result != 0 && Errno != EINPROGRESS)
        {
            var errno = Errno;
            close(fd);
            LogAttemptFailed(DescribeErrno(errno));
            return false;
        }
        _upstreamToken = _loop.Register(fd, UpstreamEvents, this);
        if (_upstreamToken == 0)
        {
            var errno = Errno;
            close(fd);
            LogAttemptFailed(DescribeErrno(errno));
            return false;
        }
        _upstream = fd;
        _loop.Schedule(this, ++_attemptId, _listener.ConnectTimeout);
        return true;
    }

    /// <summary>The connect timer of an attempt.</summary>
    public void OnTimer(long token)
    {
        if (_finished || _connected || token != _attemptId) return;
        AttemptFailed("timed out");
    }

    private void AttemptFailed(string error)
    {
        if (_upstream >= 0)
        {
            _loop.Unregister(_upstreamToken);
            close(_upstream);
            _upstream = -1;
        }
        LogAttemptFailed(error);
        NextAttempt();
    }

    private void NextAttempt()
    {
        _attemptId++;
        _attempt++;
        BeginAttempt();
    }

    private void LogAttemptFailed(string error)
    {
        // An abort or a stopping relay ends the attempts quietly (the managed path's OperationCanceledException).
        if (_state.RequestedCloseReason != CloseReason.None || _listener.IsStopping) return;
        TcpRelayLog.TargetConnectFailed(_listener.Logger, _listener.Relay.RelayId, _state.Target ?? "", error);
    }

    private void OnConnected()
    {
        _connected = true;
        _attemptId++; // the attempt's timer finds a newer id and does nothing
        _listener.Registry.TargetConnected(_state);
        _listener.Idle.Start(_state);
    }

    // ---- relaying ----

    public void OnEvents(int fd, uint events)
    {
        if (_finished) return;
        var isUpstream = fd == _upstream;
        if (isUpstream && !_connected)
        {
            if ((events & (EPOLLERR | EPOLLHUP)) != 0)
            {
                var errno = PendingError(fd);
                AttemptFailed(errno == 0 ? "connection closed" : DescribeErrno(errno));
                return;
            }
            if ((events & EPOLLOUT) == 0) return;
            OnConnected();
            // The client's request may be waiting already (its edge came while connecting): read it now.
            Read(ref _up, upstream: true, _client, _upstream);
            if (_finished) return;
        }
        else if (!_connected)
        {
            // The client spoke or left while the target is not connected yet; its socket is read once connected.
            if ((events & (EPOLLRDHUP | EPOLLHUP)) != 0) _up.PeerHalfClosed = true;
            return;
        }

        if ((events & EPOLLOUT) != 0)
        {
            // fd can take more: flush what waits for it, then resume reading its counterpart.
            if (isUpstream) Flush(ref _up, upstream: true, _client, _upstream);
            else Flush(ref _down, upstream: false, _upstream, _client);
            if (_finished) return;
        }
        if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0)
        {
            var halfClosed = (events & (EPOLLRDHUP | EPOLLHUP)) != 0;
            if (isUpstream)
            {
                if (halfClosed) _down.PeerHalfClosed = true;
                Read(ref _down, upstream: false, _upstream, _client);
            }
            else
            {
                if (halfClosed) _up.PeerHalfClosed = true;
                Read(ref _up, upstream: true, _client, _upstream);
            }
        }
    }

    private unsafe void Read(ref Direction direction, bool upstream, int source, int destination)
    {
        if (direction.Ended || direction.PendingLength > 0) return;
        var scratch = _loop.Scratch;
        var size = scratch.Length;
        for (var fullReads = 0; ; fullReads++)
        {
            if (fullReads == FullReadsBeforeYield)
            {
                _loop.Post(static s => ((EpollTcpConnection)s!).ResumeReads(), this);
                return;
            }
            nint read;
            fixed (byte* p = scratch) read = recv(source, p, (nuint)size, 0);
            if (read > 0)
            {
                var count = (int)read;
                if (upstream) _state.AddUp(count); else _state.AddDown(count);
                _listener.Idle.Touch(_state);
                var sent = Send(ref direction, upstream, destination, scratch, count);
                if (sent == SendResult.Failed) return;  // the connection is finished
                if (sent == SendResult.Pending) return; // the destination is full: wait for its EPOLLOUT
                if (count < size)
                {
                    if (direction.PeerHalfClosed) OnEnd(ref direction, upstream, destination);
                    return; // drained; the next edge brings more
                }
                continue;
            }
            if (read == 0)
            {
                OnEnd(ref direction, upstream, destination);
                return;
            }
            var errno = Errno;
            if (errno == EAGAIN) return;
            if (errno == EINTR) continue;
            Fail(clientFailed: upstream); // a read error is the source's doing; upstream copies read from the client
            return;
        }
    }

    private void ResumeReads()
    {
        if (_finished || !_connected) return;
        Read(ref _up, upstream: true, _client, _upstream);
        if (!_finished) Read(ref _down, upstream: false, _upstream, _client);
    }

    /// <summary>How a send ended: all taken, the rest kept until the destination drains, or failed (the connection is finished).</summary>
    private enum SendResult
    {
        Sent,
        Pending,
        Failed,
    }

    /// <summary>Sends <paramref name="count"/> bytes; keeps what the destination does not take.</summary>
    private unsafe SendResult Send(ref Direction direction, bool upstream, int destination, byte[] buffer, int count)
    {
        var sent = 0;
        while (sent < count)
        {
            nint written;
            fixed (byte* p = buffer) written = send(destination, p + sent, (nuint)(count - sent), MSG_NOSIGNAL);
            if (written >= 0)
            {
                sent += (int)written;
                continue;
            }
            var errno = Errno;
            if (errno == EINTR) continue;
            if (errno != EAGAIN)
            {
                Fail(clientFailed: !upstream); // a write error is the destination's doing
                return SendResult.Failed;
            }
            var rest = count - sent;
            var pending = ArrayPool<byte>.Shared.Rent(rest);
            Buffer.BlockCopy(buffer, sent, pending, 0, rest);
            direction.Pending = pending;
            direction.PendingOffset = 0;
            direction.PendingLength = rest;
            if (!upstream && !_clientWantsOut)
            {
                // The upstream socket is registered for EPOLLOUT from its connect on; the client only from its first full write.
                _clientWantsOut = true;
                _loop.Modify(_clientToken, ClientEvents | EPOLLOUT);
            }
            return SendResult.Pending;
        }
        return SendResult.Sent;
    }

    private unsafe void Flush(ref Direction direction, bool upstream, int source, int destination)
    {
        if (direction.PendingLength == 0) return;
        var pending = direction.Pending!;
        while (direction.PendingLength > 0)
        {
            nint written;
            fixed (byte* p = pending) written = send(destination, p + direction.PendingOffset, (nuint)direction.PendingLength, MSG_NOSIGNAL);
            if (written >= 0)
            {
                direction.PendingOffset += (int)written;
                direction.PendingLength -= (int)written;
                continue;
            }
            var errno = Errno;
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return;
            Fail(clientFailed: !upstream);
            return;
        }
        ArrayPool<byte>.Shared.Return(pending);
        direction.Pending = null;
        direction.PendingOffset = 0;
        Read(ref direction, upstream, source, destination); // the source was left unread while the destination was full
    }

    /// <summary>EOF from the source: pass the FIN on (half-close) unless the other way has ended too, then the connection is done.</summary>
    private void OnEnd(ref Direction direction, bool upstream, int destination)
    {
        direction.Ended = true;
        // Before the FIN is passed on, so the far side can't win the race (SocketCopier does the same).
        var first = _state.MarkClosedBy(client: upstream);
        var otherEnded = upstream ? _down.Ended : _up.Ended;
        if (!otherEnded)
        {
            if (first) shutdown(destination, SHUT_WR);
            return;
        }
        Finish(_state.FirstToCloseReason ?? CloseReason.Error);
    }

    private void Fail(bool clientFailed)
    {
        _state.MarkClosedBy(client: clientFailed);
        Finish(_state.FirstToCloseReason ?? CloseReason.Error);
    }

    // ---- ending ----

    /// <summary>From any thread (admin close, idle sweep, relay stop): the close happens on the loop.</summary>
    public void OnAbortRequested() => _loop.Post(static s => ((EpollTcpConnection)s!).Finish(CloseReason.Error), this);

    private void Finish(CloseReason observed)
    {
        if (_finished) return;
        _finished = true;
        if (_clientToken != 0) _loop.Unregister(_clientToken);
        close(_client);
        if (_upstream >= 0)
        {
            _loop.Unregister(_upstreamToken);
            close(_upstream);
            _upstream = -1;
        }
        Release(ref _up);
        Release(ref _down);
        var closed = _listener.Registry.Complete(_state, observed); // a requested reason (admin, idle, stop) wins inside
        _listener.OnCompleted(_state);
        if (closed is not null && _listener.Logger.IsEnabled(LogLevel.Debug))
        {
            TcpRelayLog.ConnectionClosed(_listener.Logger, _listener.Relay.RelayId, _state.Id, closed.CloseReason, closed.BytesUp, closed.BytesDown);
        }
    }

    private static void Release(ref Direction direction)
    {
        if (direction.Pending is not null) ArrayPool<byte>.Shared.Return(direction.Pending);
        direction.Pending = null;
        direction.PendingLength = 0;
    }
}
