using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayEngine.Transport.Epoll;

/// <summary>
/// A TCP relay on the engine's epoll loops (Linux): the same behaviour as <see cref="TcpRelayListener"/> (targets and
/// strategies, connect timeout, idle timeout, connection limit, half-close, drain on stop, every connection through the
/// registry) with each connection a small state machine on one loop thread instead of five async methods and two
/// <see cref="Socket"/> objects. The listening socket is bound by <see cref="Socket"/> (its errors become the same
/// Faulted reasons) and then added to every loop with EPOLLEXCLUSIVE.
/// </summary>
internal sealed class EpollTcpRelayListener : IRelayListener
{
    private readonly OpenConnectionSet _open = new();
    private readonly EpollLoopGroup _group;
    private EpollAcceptor[] _acceptors = [];
    private Socket? _listener;
    private volatile bool _stopping;
    private int _stopped;

    public EpollTcpRelayListener(RelayState relay, ConnectionRegistry registry, RelayEngineOptions options, TimeProvider time, ILogger logger, EpollLoopGroup group)
    {
        Relay = relay;
        Config = relay.Config;
        Registry = registry;
        Options = options;
        Time = time;
        Logger = logger;
        _group = group;
        Targets = new TargetSelector(Config.Targets, Config.Strategy);
        ConnectTimeout = Config.ConnectTimeout ?? options.DefaultConnectTimeout;
    }

    public RelayState Relay { get; }
    public RelayConfig Config { get; }
    public ConnectionRegistry Registry { get; }
    public RelayEngineOptions Options { get; }
    public TimeProvider Time { get; }
    public ILogger Logger { get; }
    public TargetSelector Targets { get; }
    public TimeSpan ConnectTimeout { get; }
    public IdleTimer Idle { get; private set; } = null!;
    public string ListenText { get; private set; } = "";
    public bool IsStopping => _stopping;
    public IPEndPoint? BoundEndPoint { get; private set; }

    public void Start()
    {
        var socket = TcpListenSocket.Open(Config.Listen);
        socket.Blocking = false; // accept4 on it must not block a loop
        _listener = socket;
        Idle = new IdleTimer(Config.IdleTimeout ?? Options.DefaultTcpIdleTimeout, Time, _open.Items);
        BoundEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        ListenText = BoundEndPoint.ToString();
        var fd = (int)socket.Handle;
        _acceptors = _group.Loops.Select(loop => new EpollAcceptor(this, loop, fd)).ToArray();
        foreach (var acceptor in _acceptors) acceptor.Start();
        TcpRelayLog.Listening(Logger, Relay.RelayId, BoundEndPoint);
    }

    /// <summary>Called by an acceptor, on its loop, for each accepted socket.</summary>
    internal void OnAccepted(EpollLoop loop, int fd, IPEndPoint? remote)
    {
        if (_stopping)
        {
            EpollNative.close(fd);
            return;
        }
        var source = remote?.ToString() ?? "unknown";
        if (!Relay.TryEnterConnection())
        {
            Registry.RecordRejected(Relay, "tcp", source, ListenText, CloseReason.RefusedByLimit);
            TcpRelayLog.Refused(Logger, Relay.RelayId, source, Config.MaxConnections ?? 0);
            EpollNative.close(fd);
            return;
        }
        var state = Registry.Open(Relay, "tcp", source, ListenText);
        _open.Add(state);
        new EpollTcpConnection(this, loop, fd, state).Start();
    }

    /// <summary>Called once per connection when it has been recorded as closed.</summary>
    internal void OnCompleted(ConnectionState state)
    {
        Relay.ExitConnection();
        _open.Remove(state);
    }

    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _stopping = true;
        // Each loop forgets the listening socket before it is closed, so no loop calls accept4 on a reused descriptor.
        await Task.WhenAll(_acceptors.Select(a => a.StopAsync())).ConfigureAwait(false);
        _listener?.Dispose();
        await _open.DrainAsync(drainTimeout, Time).ConfigureAwait(false);
        Idle?.Dispose();
        TcpRelayLog.Stopped(Logger, Relay.RelayId);
    }

    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
}
