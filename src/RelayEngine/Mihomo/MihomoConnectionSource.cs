using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayEngine.Mihomo;

/// <summary>
/// Collects a Mihomo (Clash Meta) controller's connections into the engine, like a relay of its own (id
/// <see cref="MihomoOptions.RelayId"/>, <see cref="RelaySnapshot.IsExternal"/>): reads the <c>/connections</c> WebSocket,
/// diffs each full snapshot (<see cref="MihomoConnectionTracker"/>) and reconnects with exponential backoff and jitter
/// after any failure. Closing one of its connections through <see cref="IConnectionLookup.CloseConnection"/> sends
/// <c>DELETE /connections/{id}</c>.
/// </summary>
/// <remarks>
/// While the controller is away the known connections stay open; the first snapshot after reconnecting decides, and past
/// <see cref="MihomoOptions.GracePeriod"/> they are closed with their last counters (<see cref="CloseReason.SourceLost"/>).
/// When the host stops they are persisted and left open: Mihomo still has them, and the next run resumes them
/// (<see cref="ILedgerReader"/>). Register after <c>AddRelayEngine</c> (<c>AddMihomoSource</c> does), so it stops first
/// and its last records reach the ledger.
/// </remarks>
internal sealed partial class MihomoConnectionSource : BackgroundService, IResumingConnectionSource
{
    private readonly MihomoOptions _options;
    private readonly ConnectionRegistry _registry;
    private readonly ExternalRelayStates _external;
    private readonly EngineEventHub _events;
    private readonly TimeProvider _time;
    private readonly ILogger<MihomoConnectionSource> _logger;
    private readonly ILedgerReader? _ledgerReader;
    private readonly MihomoControllerClient _client;
    private readonly MihomoConnectionTracker _tracker;
    private readonly RelayState _relay;
    private MihomoSessionEnd? _lastFailure;
    // Unbounded on purpose: one item per close a user asks for (low rate), and losing one would leave a connection open.
    private readonly Channel<TrackedMihomoConnection> _closeRequests = Channel.CreateUnbounded<TrackedMihomoConnection>(new() { SingleReader = true });

    public MihomoConnectionSource(
        IOptions<MihomoOptions> options,
        ConnectionRegistry registry,
        ExternalRelayStates external,
        EngineEventHub events,
        TimeProvider time,
        ILogger<MihomoConnectionSource> logger,
        ILedgerReader? ledgerReader = null)
    {
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        var errors = _options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(nameof(MihomoOptions), typeof(MihomoOptions), errors);
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _external = external ?? throw new ArgumentNullException(nameof(external));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _ledgerReader = ledgerReader;
        _client = new MihomoControllerClient(_options, time);
        _relay = new RelayState(new RelayConfig
        {
            RelayId = _options.RelayId,
            Name = string.IsNullOrWhiteSpace(_options.Name) ? $"Mihomo {_client.Endpoint}" : _options.Name,
            Protocol = RelayProtocol.Tcp,
            Listen = _client.Endpoint,
            Targets = [],
        }) { IsExternal = true };
        _tracker = new MihomoConnectionTracker(registry, _relay, time, logger, t => _closeRequests.Writer.TryWrite(t));
    }

    public string RelayId => _relay.RelayId;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _relay.SetStatus(RelayStatus.Starting);
        _external.Add(_relay);
        _events.NotifyChanged(EngineTopic.Relays);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ResumeAsync(stoppingToken).ConfigureAwait(false);
        var closer = Task.Run(() => SendCloseRequestsAsync(stoppingToken), CancellationToken.None);
        var backoff = new MihomoReconnectBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                MihomoSessionResult session;
                try
                {
                    session = await RunSessionAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A bug or an unexpected failure must not stop collection (nor the host): log, back off, retry.
                    Log.SessionFailed(_logger, _client.Endpoint, ex);
                    session = new MihomoSessionResult(MihomoSessionEnd.Lost, false, ex.Message);
                }
                if (session.End == MihomoSessionEnd.Stopped || stoppingToken.IsCancellationRequested) break;
                if (session.ReceivedSnapshot) backoff.Reset();
                var delay = backoff.Next();
                ReportFailure(session, delay);
                await WaitBeforeReconnectAsync(delay, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _tracker.FlushAll();
            _relay.SetStatus(RelayStatus.Stopped);
            _closeRequests.Writer.TryComplete();
            await closer.ConfigureAwait(false);
        }
    }

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        if (_ledgerReader is null) return;
        try
        {
            var rows = await _ledgerReader.GetOpenConnectionsAsync(_registry.AgentId, _relay.RelayId, cancellationToken).ConfigureAwait(false);
            _tracker.Resume(rows);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ResumeFailed(_logger, _relay.RelayId, ex);
        }
    }

    private async Task<MihomoSessionResult> RunSessionAsync(CancellationToken stoppingToken)
    {
        ClientWebSocket socket;
        try
        {
            Log.Connecting(_logger, _client.Endpoint);
            socket = await _client.ConnectAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return MihomoSessionResult.Stopped;
        }
        catch (MihomoHandshakeException ex)
        {
            var end = ex.StatusCode switch
            {
                HttpStatusCode.Unauthorized => MihomoSessionEnd.Unauthorized,
                0 => MihomoSessionEnd.Unreachable,
                _ => MihomoSessionEnd.HttpError,
            };
            return new MihomoSessionResult(end, false, ex.Message);
        }
        catch (TimeoutException ex)
        {
            return new MihomoSessionResult(MihomoSessionEnd.Unreachable, false, ex.Message);
        }

        using (socket)
        {
            _relay.SetStatus(RelayStatus.Running, null, null, _time.GetUtcNow().UtcDateTime);
            _lastFailure = null;
            _events.NotifyChanged(EngineTopic.Relays);
            Log.Connected(_logger, _client.Endpoint, (long)_options.Interval.TotalMilliseconds, _tracker.Count);
            _tracker.BeginSession();
            return await ReceiveSnapshotsAsync(socket, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<MihomoSessionResult> ReceiveSnapshotsAsync(ClientWebSocket socket, CancellationToken stoppingToken)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var received = false;
        // A controller that hangs must not hold the session forever; allow at least three intervals between snapshots.
        var receiveTimeout = TimeSpan.FromTicks(Math.Max(_options.ReceiveTimeout.Ticks, 3 * _options.Interval.Ticks));
        while (true)
        {
            using var timeout = new CancellationTokenSource(receiveTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            MihomoSnapshot? snapshot;
            try
            {
                snapshot = await _client.ReceiveSnapshotAsync(socket, buffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return MihomoSessionResult.Stopped;
            }
            catch (OperationCanceledException)
            {
                return new(MihomoSessionEnd.Lost, received, $"no snapshot for {receiveTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                socket.Abort();
                return new(MihomoSessionEnd.Malformed, received, ex.Message);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                return new(MihomoSessionEnd.Lost, received, ex.Message);
            }
            if (snapshot is null)
            {
                return new(MihomoSessionEnd.Lost, received, $"the controller closed the WebSocket ({socket.CloseStatus?.ToString() ?? "no status"})");
            }

            received = true;
            var result = _tracker.Apply(snapshot);
            Log.SnapshotApplied(_logger, result.Opened, result.Updated, result.Closed, result.Open);
            foreach (var retry in _tracker.PendingCloseRetries().ToArray())
            {
                retry.DeleteFailed = false;
                _closeRequests.Writer.TryWrite(retry);
            }
        }
    }

    private void ReportFailure(MihomoSessionResult session, TimeSpan delay)
    {
        var endpoint = _client.Endpoint;
        var reason = session.End switch
        {
            MihomoSessionEnd.Unauthorized => "Mihomo rejected the secret (HTTP 401); check --mihomo-token",
            MihomoSessionEnd.HttpError => $"Mihomo controller answered {session.Reason}",
            MihomoSessionEnd.Unreachable => $"Cannot reach the Mihomo controller: {session.Reason}",
            MihomoSessionEnd.Malformed => $"Mihomo sent a malformed snapshot: {session.Reason}",
            _ => $"Lost the Mihomo controller: {session.Reason}",
        };
        _relay.SetStatus(RelayStatus.Faulted, $"{reason}; retrying.");
        _events.NotifyChanged(EngineTopic.Relays);
        // The first failure of a kind is a warning; the same failure again while retrying goes to Debug (no log flood).
        var level = session.End == _lastFailure ? LogLevel.Debug : LogLevel.Warning;
        _lastFailure = session.End;
        var delayMs = (long)delay.TotalMilliseconds;
        switch (session.End)
        {
            case MihomoSessionEnd.Unauthorized: Log.SecretRejected(_logger, level, endpoint, delayMs); break;
            case MihomoSessionEnd.Malformed: Log.MalformedSnapshot(_logger, level, endpoint, session.Reason, delayMs); break;
            case MihomoSessionEnd.Lost: Log.Lost(_logger, level, endpoint, session.Reason, _tracker.Count, _options.GracePeriod.TotalSeconds, delayMs); break;
            default: Log.Unreachable(_logger, level, endpoint, reason, delayMs); break;
        }
    }

    /// <summary>Waits <paramref name="delay"/>, closing the known connections if the grace period ends meanwhile.</summary>
    private async Task WaitBeforeReconnectAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        var remaining = delay;
        while (remaining > TimeSpan.Zero)
        {
            var untilGraceEnds = _tracker.Count > 0 ? _options.GracePeriod - _tracker.SinceLastSeen : TimeSpan.MaxValue;
            if (untilGraceEnds <= TimeSpan.Zero)
            {
                var closed = _tracker.CloseAll(CloseReason.SourceLost);
                Log.GracePeriodEnded(_logger, _client.Endpoint, _options.GracePeriod.TotalSeconds, closed);
                continue;
            }
            var step = untilGraceEnds < remaining ? untilGraceEnds : remaining;
            await Task.Delay(step, _time, stoppingToken).ConfigureAwait(false);
            remaining -= step;
        }
    }

    public override void Dispose()
    {
        _external.Remove(_relay);
        _client.Dispose();
        base.Dispose();
    }
}
