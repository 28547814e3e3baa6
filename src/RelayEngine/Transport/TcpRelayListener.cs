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
internal sealed class TcpRelayListener : IRelayListener
{
    private readonly RelayState _relay;
    private readonly RelayConfig _config;
    private readonly ConnectionRegistry _registry;
    private readonly RelayEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TargetSelector _targets;
    private readonly CancellationTokenSource _stopping = new();
    private readonly OpenConnectionSet _open = new();
    private IdleTimer? _idle;
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
        var socket = TcpListenSocket.Open(_config.Listen);
        _listener = socket;
        _idle = new IdleTimer(_config.IdleTimeout ?? _options.DefaultTcpIdleTimeout, _time, _open.Items);
        BoundEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _listenText = BoundEndPoint.ToString();
        _acceptLoop = Task.Run(AcceptLoopAsync);
        TcpRelayLog.Listening(_logger, _relay.RelayId, BoundEndPoint);
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
                TcpRelayLog.AcceptFailed(_logger, _relay.RelayId, ex);
                continue;
            }

            // Run the connection's first steps (register, start the connect) on this thread: they do not block, and the
            // loop is back to AcceptAsync as soon as the connect is pending. A Task.Yield() here cost a thread-pool hop per
            // connection (bench/run-vs-peers.sh, wrk Connection: close). Never throws: it records its own outcome.
            _ = HandleConnectionAsync(client);
        }
    }

    private async Task HandleConnectionAsync(Socket client)
    {
        var source = client.RemoteEndPoint?.ToString() ?? "unknown";
        if (!_relay.TryEnterConnection())
        {
            _registry.RecordRejected(_relay, "tcp", source, _listenText, CloseReason.RefusedByLimit);
            TcpRelayLog.Refused(_logger, _relay.RelayId, source, _config.MaxConnections ?? 0);
            client.Dispose();
            return;
        }

        var connection = _registry.Open(_relay, "tcp", source, _listenText);
        _open.Add(connection);
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
            TcpRelayLog.ConnectionFailed(_logger, _relay.RelayId, connection.Id, ex);
            reason = CloseReason.Error;
        }
        finally
        {
            Close(client);
            if (upstream is not null) Close(upstream);
            var closed = _registry.Complete(connection, reason);
            _relay.ExitConnection();
            _open.Remove(connection);
            if (closed is not null && _logger.IsEnabled(LogLevel.Debug))
            {
                TcpRelayLog.ConnectionClosed(_logger, _relay.RelayId, connection.Id, closed.CloseReason, closed.BytesUp, closed.BytesDown);
            }
        }
    }

    private async Task<Socket?> ConnectAsync(ConnectionState connection)
    {
        var timeout = _config.ConnectTimeout ?? _options.DefaultConnectTimeout;
        var count = _targets.Count;
        var start = _targets.NextStart();
        for (var i = 0; i < count; i++)
        {
            var index = (start + i) % count;
            connection.Target = _targets.TextOf(index);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted, _stopping.Token);
            attempt.CancelAfter(timeout);
            Socket? socket = null;
            try
            {
                var endPoint = _targets.LiteralEndPointOf(index) ?? await _targets[index].ResolveAsync(attempt.Token).ConfigureAwait(false);
                socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket?.Dispose();
                if (connection.Aborted.IsCancellationRequested || _stopping.IsCancellationRequested) return null;
                TcpRelayLog.TargetConnectFailed(_logger, _relay.RelayId, _targets.TextOf(index), ex is SocketException se ? se.SocketErrorCode.ToString() : "timed out");
            }
        }
        return null;
    }

    private async Task<CloseReason> RelayAsync(Socket client, Socket upstream, ConnectionState connection)
    {
        // One token for everything that ends the copies early: admin close, relay stop, the idle sweep (which aborts with
        // IdleTimeout) and a failed direction (CancelIo below). No per-connection timer or linked source.
        var idle = _idle!;
        idle.Start(connection);
        var token = connection.Aborted;
        var up = SocketCopier.CopyAsync(client, upstream, connection, upstream: true, idle, _options.CopyBufferSize, token);
        var down = SocketCopier.CopyAsync(upstream, client, connection, upstream: false, idle, _options.CopyBufferSize, token);

        var first = await Task.WhenAny(up, down).ConfigureAwait(false);
        var (firstResult, _) = await first.ConfigureAwait(false);
        var firstIsUp = first == up;
        if (firstResult != CopyResult.Completed)
        {
            connection.CancelIo(); // a fault or timeout tears down both directions; a clean FIN keeps the other one open (half-close)
        }
        var (secondResult, _) = await (firstIsUp ? down : up).ConfigureAwait(false);

        if (connection.RequestedCloseReason != CloseReason.None) return connection.RequestedCloseReason;
        // Whoever ended first decided: a FIN or reset from the client is "client closed", from the target "target closed".
        if (connection.FirstToCloseReason is { } firstToClose) return firstToClose;
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

        await _open.DrainAsync(drainTimeout, _time).ConfigureAwait(false); // the accept loop has ended: no one joins any more
        _idle?.Dispose();
        TcpRelayLog.Stopped(_logger, _relay.RelayId);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
