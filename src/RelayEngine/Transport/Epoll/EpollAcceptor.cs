using static RelayEngine.Transport.Epoll.EpollNative;

namespace RelayEngine.Transport.Epoll;

/// <summary>
/// A relay's listening socket as seen by one loop: registered level-triggered with EPOLLEXCLUSIVE (the kernel wakes one
/// waiting loop per new connection, nginx's way of sharing a listener), accepting until the backlog is empty.
/// </summary>
internal sealed unsafe class EpollAcceptor(EpollTcpRelayListener listener, EpollLoop loop, int listenFd) : IEpollHandler, ILoopTimer
{
    // Out of descriptors or memory: a level-triggered listener would wake the loop again at once, so it leaves the set
    // for a moment (what Kestrel and nginx do on EMFILE).
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);
    private const int MaxAcceptsPerWake = 64;

    private readonly EpollLoop _loop = loop;
    private ulong _token;
    private bool _stopped;

    public void Start() => _loop.Post(static s => ((EpollAcceptor)s!).Register(), this);

    private void Register()
    {
        if (_stopped) return;
        _token = _loop.Register(listenFd, EPOLLIN | EPOLLEXCLUSIVE, this);
        if (_token == 0) TcpRelayLog.AcceptPaused(listener.Logger, listener.Relay.RelayId, DescribeErrno(Errno), Pause);
    }

    public void OnEvents(int fd, uint events)
    {
        Span<byte> address = stackalloc byte[32];
        for (var i = 0; i < MaxAcceptsPerWake && !_stopped; i++)
        {
            var length = (uint)address.Length;
            int accepted;
            fixed (byte* a = address) accepted = accept4(listenFd, a, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (accepted < 0)
            {
                var errno = Errno;
                if (errno == EAGAIN) return;
                if (errno is EINTR or ECONNABORTED) continue; // reset while in the backlog (Kestrel retries the same way)
                TcpRelayLog.AcceptPaused(listener.Logger, listener.Relay.RelayId, DescribeErrno(errno), Pause);
                _loop.Unregister(_token, remove: true);
                _token = 0;
                _loop.Schedule(this, 0, Pause);
                return;
            }
            listener.OnAccepted(_loop, accepted, ReadSockAddr(address));
        }
    }

    public void OnTimer(long token)
    {
        if (!_stopped && _token == 0) Register();
    }

    /// <summary>Leaves the loop's set; completes on the loop once it has.</summary>
    public Task StopAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop.Post(static s =>
        {
            var (acceptor, tcs) = ((EpollAcceptor, TaskCompletionSource))s!;
            acceptor._stopped = true;
            if (acceptor._token != 0) acceptor._loop.Unregister(acceptor._token, remove: true);
            acceptor._token = 0;
            tcs.TrySetResult();
        }, (this, done));
        return done.Task;
    }
}
