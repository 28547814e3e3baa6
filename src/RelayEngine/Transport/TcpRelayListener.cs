using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayEngine.Transport;

/// <summary>
/// A TCP relay: an accept loop on raw sockets (so half-close works, STYLE.md §5.9) and one task per connection that
/// connects to a target and copies both ways. Every connection is opened and completed through the registry, which feeds
/// the live events and the ledger; nothing on the data path waits on either.
/// </summary>
internal sealed partial class TcpRelayListener : IRelayListener
{
    private const int ListenBacklog = 4096;

    private readonly RelayState _relay;
    private readonly RelayConfig _config;
    private readonly ConnectionRegistry _registry;
    private readonly RelayEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TargetSelector _targets;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private Socket? _listener;
    private Task? _acceptLoop;
    private string _listenText = "";
    private int _stopped;

    public TcpRelayListener(RelayState relay, ConnectionRegistry registry, RelayEngineOptions options, TimeProvider time, ILogger logger)
    {
        _relay = relay;
        _config = relay.Config;
        _registry = registry;
        _options = options;
        _time = time;
        _logger = logger;
        _targets = new TargetSelector(_config.Targets, _config.Strategy);
    }

    public IPEndPoint? BoundEndPoint { get; private set; }

    public void Start()
    {
        if (!EndpointParser.TryParseListen(_config.Listen, out var endPoint, out var error)) throw new RelayBindException(error);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endPoint);
            socket.Listen(ListenBacklog);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw new RelayBindException(BindErrors.Describe(endPoint, ex), ex);
        }
        _listener = socket;
        BoundEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _listenText = BoundEndPoint.ToString();
        _acceptLoop = Task.Run(AcceptLoopAsync);
        Log.Listening(_logger, _relay.RelayId, BoundEndPoint);
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException ex) when (SocketErrors.IsResetOrAbort(ex.SocketErrorCode))
            {
                continue; // reset while still in the backlog (Kestrel retries the same way)
            }
            catch (Exception ex)
            {
                Log.AcceptFailed(_logger, _relay.RelayId, ex);
                continue;
            }

            var task = HandleConnectionAsync(client);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _connections, TaskScheduler.Default);
        }
    }

    private async Task HandleConnectionAsync(Socket client)
    {
        await Task.Yield(); // leave the accept loop at once
        var source = client.RemoteEndPoint?.ToString() ?? "unknown";
        if (!_relay.TryEnterConnection())
        {
            _registry.RecordRejected(_relay, "tcp", source, _listenText, CloseReason.RefusedByLimit);
            Log.Refused(_logger, _relay.RelayId, source, _config.MaxConnections ?? 0);
            client.Dispose();
            return;
        }

        var connection = _registry.Open(_relay, "tcp", source, _listenText);
        var reason = CloseReason.Error;
        Socket? upstream = null;
        try
        {
            client.NoDelay = true;
            upstream = await ConnectAsync(connection).ConfigureAwait(false);
            if (upstream is null)
            {
                reason = CloseReason.ConnectFailed;
                _relay.CountFailed();
                return;
            }
            _registry.TargetConnected(connection);
            reason = await RelayAsync(client, upstream, connection).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ConnectionFailed(_logger, _relay.RelayId, connection.Id, ex);
            reason = CloseReason.Error;
        }
        finally
        {
            Close(client);
            if (upstream is not null) Close(upstream);
            var closed = _registry.Complete(connection, reason);
            _relay.ExitConnection();
            if (closed is not null && _logger.IsEnabled(LogLevel.Debug))
            {
                Log.ConnectionClosed(_logger, _relay.RelayId, connection.Id, closed.CloseReason, closed.BytesUp, closed.BytesDown);
            }
        }
    }

    private async Task<Socket?> ConnectAsync(ConnectionState connection)
    {
        var timeout = _config.ConnectTimeout ?? _options.DefaultConnectTimeout;
        var count = _targets.Targets.Count;
        var order = new HostPort[count];
        _targets.GetAttemptOrder(order);
        foreach (var target in order)
        {
            connection.Target = target.ToString();
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted, _stopping.Token);
            attempt.CancelAfter(timeout);
            Socket? socket = null;
            try
            {
                var endPoint = await target.ResolveAsync(attempt.Token).ConfigureAwait(false);
                socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket?.Dispose();
                if (connection.Aborted.IsCancellationRequested || _stopping.IsCancellationRequested) return null;
                Log.TargetConnectFailed(_logger, _relay.RelayId, target.ToString(), ex is SocketException se ? se.SocketErrorCode.ToString() : "timed out");
            }
        }
        return null;
    }

    private async Task<CloseReason> RelayAsync(Socket client, Socket upstream, ConnectionState connection)
    {
        using var idle = new IdleTimer(_config.IdleTimeout ?? _options.DefaultTcpIdleTimeout, _time);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, connection.Aborted);
        var up = SocketCopier.CopyAsync(client, upstream, connection, upstream: true, idle, _options.CopyBufferSize, cancel.Token);
        var down = SocketCopier.CopyAsync(upstream, client, connection, upstream: false, idle, _options.CopyBufferSize, cancel.Token);

        var first = await Task.WhenAny(up, down).ConfigureAwait(false);
        var (firstResult, _) = await first.ConfigureAwait(false);
        var firstIsUp = first == up;
        if (firstResult != CopyResult.Completed)
        {
            cancel.Cancel(); // a fault or timeout tears down both directions; a clean FIN keeps the other one open (half-close)
        }
        var (secondResult, _) = await (firstIsUp ? down : up).ConfigureAwait(false);

        if (idle.TimedOut) return CloseReason.IdleTimeout;
        if (connection.RequestedCloseReason != CloseReason.None) return connection.RequestedCloseReason;
        // Whoever ended first decided: a FIN or reset from the client is "client closed", from the target "target closed".
        if (connection.IsClientFirstToClose) return CloseReason.ClientClosed;
        if (connection.IsTargetFirstToClose) return CloseReason.TargetClosed;
        return firstResult == CopyResult.Completed && secondResult == CopyResult.Completed
            ? (firstIsUp ? CloseReason.ClientClosed : CloseReason.TargetClosed)
            : CloseReason.Error;
    }

    private static void Close(Socket socket)
    {
        try { socket.Dispose(); } catch { }
    }

    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _stopping.Cancel();
        _listener?.Dispose();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);

        var open = _connections.Keys.ToArray();
        if (open.Length > 0)
        {
            try
            {
                await Task.WhenAll(open).WaitAsync(drainTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                foreach (var connection in _registry.OpenStatesOf(_relay)) connection.Abort(CloseReason.RelayStopped);
            }
            await Task.WhenAll(_connections.Keys.ToArray()).ConfigureAwait(false);
        }
        Log.Stopped(_logger, _relay.RelayId);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
