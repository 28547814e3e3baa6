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
/// A running UDP relay (STYLE.md §5.10 example 6): one listening socket, one receive loop, and a session per client
/// address with its own upstream socket(s). Sessions end after <see cref="RelayConfig.IdleTimeout"/> without a datagram
/// either way, on admin close, when no target is reachable, or when the relay stops. Nothing is published per datagram:
/// bytes go to the session's <see cref="ConnectionState"/> counters.
/// </summary>
/// <remarks>
/// <code>
///  client A ─┐                       ┌─ session A ── upstream socket ──► target (failover / round-robin)
///  client B ─┼─► listening socket ──►┤
///  client C ─┘    (receive loop)     └─ session C ─┬ upstream socket ──► target 1   (fan-out: All)
///            ◄── SendTo(client) ◄── upstream loops ┴ upstream socket ──► target 2
/// </code>
/// </remarks>
internal sealed partial class UdpRelayListener : IRelayListener
{
    /// <summary>Receive buffer size: the largest UDP payload is 65,507 bytes over IPv4 and 65,527 over IPv6.</summary>
    public const int BufferSize = 64 * 1024;

    private const string Network = "udp";
    private const int MaxRefusedClients = 4096;
    private static readonly TimeSpan MaxSweepInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinSweepInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan RefusedRetryInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReceiveErrorBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan FailureLogInterval = TimeSpan.FromSeconds(10);

    private readonly RelayState _relay;
    private readonly ConnectionRegistry _registry;
    private readonly RelayEngineOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SocketAddress, UdpSession> _sessions = new();
    private readonly ConcurrentDictionary<SocketAddress, UdpRefusedClient> _refused = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _loopsEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stopGate = new();
    private RelayConfig _config;
    private TimeSpan _idleTimeout;
    private UdpTargetResolver? _targets;
    private string[] _targetNames = [];
    private string _allTargets = "";
    private Socket? _socket;
    private IPEndPoint _endPointFactory = new(IPAddress.Any, 0);
    private string _listenText = "";
    private ITimer? _sweepTimer;
    private Task _receiveLoop = Task.CompletedTask;
    private Task? _stopTask;
    private int _pendingLoops = 1; // StopAsync's own reference; every running loop adds one
    private int _roundRobin = -1;
    private int _started;
    private long _lastFailureLog;
    private bool _failureLogged;
    private int _suppressedFailures;

    public UdpRelayListener(RelayState relay, ConnectionRegistry registry, RelayEngineOptions options, TimeProvider time, ILogger logger)
    {
        _relay = relay ?? throw new ArgumentNullException(nameof(relay));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        Time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _config = relay.Config;
    }

    /// <inheritdoc />
    public IPEndPoint? BoundEndPoint { get; private set; }

    /// <summary>
    /// Local IPv4 address of the interface used for IPv4 multicast: the listen group is joined on it, and datagrams to a
    /// multicast target leave through it (with it as source). Null (default): the interface the routing table picks.
    /// IPv6 groups take their interface from the address's scope id instead (<c>[ff02::1:3%2]:5000</c>).
    /// </summary>
    public IPAddress? MulticastInterface { get; init; }

    /// <summary>Number of open sessions.</summary>
    public int SessionCount => _sessions.Count;

    internal TimeProvider Time { get; }
    internal Socket ListenSocket => _socket ?? throw new InvalidOperationException("The listener is not started.");

    /// <inheritdoc />
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) throw new InvalidOperationException("A UDP relay listener can only be started once.");
        _config = _relay.Config;
        if (!EndpointParser.TryParseListen(_config.Listen, out var listen, out var error)) throw new RelayBindException(error);
        var targets = new HostPort[_config.Targets.Count];
        for (var i = 0; i < targets.Length; i++)
        {
            if (!EndpointParser.TryParseTarget(_config.Targets[i], out targets[i], out error)) throw new RelayBindException(error);
        }
        if (targets.Length == 0) throw new RelayBindException($"Relay '{_config.DisplayName}' has no target.");

        _idleTimeout = _config.IdleTimeout ?? _options.DefaultUdpIdleTimeout;
        _targetNames = targets.Select(t => t.ToString()).ToArray();
        _allTargets = string.Join(", ", _targetNames);
        _targets = new UdpTargetResolver(targets, Time, _config.ConnectTimeout ?? _options.DefaultConnectTimeout,
            (target, e) => Log.TargetResolveFailed(_logger, _relay.RelayId, target.ToString(), e));

        _socket = UdpSockets.BindListener(listen, MulticastInterface, out var bound);
        BoundEndPoint = bound;
        _listenText = bound.ToString();
        _endPointFactory = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        if (UdpSockets.IsMulticast(bound.Address)) Log.ListeningMulticast(_logger, _relay.RelayId, bound, MulticastInterface?.ToString() ?? "default");
        else Log.Listening(_logger, _relay.RelayId, bound);

        var sweep = TimeSpan.FromTicks(Math.Clamp(_idleTimeout.Ticks / 4, MinSweepInterval.Ticks, MaxSweepInterval.Ticks));
        _sweepTimer = Time.CreateTimer(static s => ((UdpRelayListener)s!).Sweep(), this, sweep, sweep);
        Interlocked.Increment(ref _pendingLoops);
        _receiveLoop = ReceiveLoopAsync(_socket, _stopping.Token);
    }

    /// <summary>
    /// Stops receiving and closes every session with <see cref="CloseReason.RelayStopped"/>: a UDP session is only an
    /// address pair, so there is nothing to drain and <paramref name="drainTimeout"/> is not waited. Completes when every
    /// loop has ended and every session has been recorded. Idempotent.
    /// </summary>
    public Task StopAsync(TimeSpan drainTimeout)
    {
        lock (_stopGate)
        {
            return _stopTask ??= StopCoreAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task StopCoreAsync()
    {
        _stopping.Cancel();
        _sweepTimer?.Dispose();
        _socket?.Dispose();
        await _receiveLoop.ConfigureAwait(false); // never faults; after it no session can open

        var closed = 0;
        foreach (var session in _sessions.Values)
        {
            session.Connection.Abort(CloseReason.RelayStopped);
            session.Close(CloseReason.RelayStopped);
            closed++;
        }
        _refused.Clear();
        LoopEnded();
        await _loopsEnded.Task.ConfigureAwait(false);
        if (_socket is not null) Log.Stopped(_logger, _relay.RelayId, closed);
    }

    private async Task ReceiveLoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        // One buffer for the listener's lifetime: a datagram is fully sent on before the next receive.
        var buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (cancellationToken.IsCancellationRequested || e is ObjectDisposedException)
                {
                    break;
                }
                catch (SocketException e) when (UdpSocketErrors.IsUnreachable(e.SocketErrorCode) || UdpSocketErrors.IsAbort(e.SocketErrorCode))
                {
                    Log.ListenerSocketReset(_logger, _relay.RelayId, e.SocketErrorCode);
                    continue;
                }
                catch (Exception e)
                {
                    if (ShouldLogFailure(out var suppressed)) Log.ReceiveFailed(_logger, _relay.RelayId, suppressed, e);
                    await Task.Delay(ReceiveErrorBackoff, Time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    continue;
                }

                try
                {
                    if (!_sessions.TryGetValue(from, out var session) || session.IsClosed)
                    {
                        session = await OpenSessionAsync(from, cancellationToken).ConfigureAwait(false);
                    }
                    if (session is not null)
                    {
                        await session.SendUpstreamAsync(buffer.AsMemory(0, received), cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // A failure of one session never stops the listener.
                    LogDatagramFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            LoopEnded();
        }
    }

    /// <summary>
    /// Rate limit for the listener's own Warnings (receive loop only): true at most once per <see cref="FailureLogInterval"/>,
    /// with the number of failures not logged since the previous one.
    /// </summary>
    private bool ShouldLogFailure(out int suppressed)
    {
        var now = Time.GetTimestamp();
        if (_failureLogged && Time.GetElapsedTime(_lastFailureLog, now) < FailureLogInterval)
        {
            _suppressedFailures++;
            suppressed = 0;
            return false;
        }
        suppressed = _suppressedFailures;
        _failureLogged = true;
        _lastFailureLog = now;
        _suppressedFailures = 0;
        return true;
    }

    private void LogDatagramFailed(Exception exception)
    {
        if (ShouldLogFailure(out var suppressed)) Log.DatagramFailed(_logger, _relay.RelayId, suppressed, exception);
    }

    private void LoopEnded()
    {
        if (Interlocked.Decrement(ref _pendingLoops) == 0) _loopsEnded.TrySetResult();
    }

    private IPEndPoint ToEndPoint(SocketAddress address) => (IPEndPoint)_endPointFactory.Create(address);

    private static SocketAddress Clone(SocketAddress address)
    {
        var clone = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(clone.Buffer.Span);
        return clone;
    }
}
