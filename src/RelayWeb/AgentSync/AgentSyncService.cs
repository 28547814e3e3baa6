using Microsoft.Extensions.Options;
using RelayEngine.Management;
using RelayWeb.Api.Contracts;

namespace RelayWeb.AgentSync;

/// <summary>
/// Pushes the agent's ledger to its master: every sync interval (sooner while a backlog goes up) it sends the rows above the
/// acknowledged cursor, oldest first, in batches of at most <see cref="AgentOptions.BatchSize"/>, each with a heartbeat, and
/// persists the cursor only after the master acknowledged the batch. Failures are logged with what to do about them and
/// retried with exponential backoff and jitter; relaying never depends on any of it. Each answer may carry a new assignment,
/// applied at once.
/// </summary>
/// <remarks>
/// Exactly-once on the master follows from two facts: a row is only marked synced (cursor) after the batch that carried it
/// was committed there, so nothing is skipped; and the master upserts by (id, agent id) monotonically, so anything sent
/// twice (killed between commit and cursor write, answer lost) changes nothing.
/// </remarks>
public sealed partial class AgentSyncService : BackgroundService
{
    private readonly SyncOutbox _outbox;
    private readonly IMasterSyncClient _master;
    private readonly AssignmentEngineConfigProvider _assignment;
    private readonly AgentSyncState _state;
    private readonly AgentHeartbeatBuilder _heartbeat;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentSyncService> _logger;
    private readonly AgentOptions _options;
    private readonly string _agentId;
    private readonly CatchUpPacer _pacer;
    private int _batchSize;
    private long _cursor;
    private bool _initialized;

    public AgentSyncService(SyncOutbox outbox, IMasterSyncClient master, AssignmentEngineConfigProvider assignment, AgentSyncState state,
        AgentHeartbeatBuilder heartbeat, TimeProvider time, IOptions<AgentOptions> options, IOptions<RelayEngineOptions> engineOptions,
        ILogger<AgentSyncService> logger)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _master = master ?? throw new ArgumentNullException(nameof(master));
        _assignment = assignment ?? throw new ArgumentNullException(nameof(assignment));
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _heartbeat = heartbeat ?? throw new ArgumentNullException(nameof(heartbeat));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        _agentId = engineOptions.Value.AgentId;
        _pacer = new CatchUpPacer(time, _options.CatchUpRecordsPerSecond);
        _batchSize = _options.BatchSize;
    }

    /// <summary>The current batch size (halved after a 413).</summary>
    internal int BatchSize => _batchSize;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        _cursor = await _outbox.LoadCursorAsync(cancellationToken).ConfigureAwait(false);
        var masterUrl = _master.MasterUrl?.ToString();
        _state.Update(s => s with { Cursor = _cursor, MasterUrl = masterUrl, Mode = masterUrl is null ? AgentSyncMode.Offline : AgentSyncMode.Starting });
        _initialized = true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await InitializeAsync(stoppingToken).ConfigureAwait(false);
        var masterUrl = _master.MasterUrl?.ToString();
        if (masterUrl is null)
        {
            Log.OfflineMode(_logger, _agentId);
            await CountBacklogWhileOfflineAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        Log.Starting(_logger, _agentId, masterUrl, _cursor, (int)_options.SyncInterval.TotalSeconds);
        var backoff = new SyncBackoff(SyncBackoff.CapFor(_options.SyncInterval, _options.MaxRetryDelay));
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                await SyncRoundAsync(recovering: backoff.Failures > 0, stoppingToken).ConfigureAwait(false);
                backoff.Reset();
                delay = _options.SyncInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                delay = backoff.NextDelay();
                await ReportFailureAsync(ex, delay, backoff.Failures, stoppingToken).ConfigureAwait(false);
            }
            _state.Update(s => s with { NextAttemptUtc = _time.GetUtcNow().UtcDateTime + delay });
            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// One sync round (what runs every interval): sends batches until the agent is level (a batch smaller than the batch
    /// size), paced while catching up. Throws on failure; the cursor then stays at the last acknowledgement.
    /// </summary>
    internal async Task SyncRoundAsync(bool recovering, CancellationToken cancellationToken)
    {
        if (!_initialized) await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var backlog = await _outbox.CountBacklogAsync(_agentId, _cursor, cancellationToken).ConfigureAwait(false);
        var roundStart = _time.GetTimestamp();
        long sent = 0;
        if (backlog > _batchSize) Log.CatchingUp(_logger, backlog, _options.CatchUpRecordsPerSecond);
        _pacer.Start();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await _outbox.ReadBatchAsync(_agentId, _cursor, _batchSize, cancellationToken).ConfigureAwait(false);
            var request = new SyncRequest
            {
                AgentId = _agentId,
                Records = batch.Select(r => SyncRecordMapper.ToDto(r)).ToList(),
                Heartbeat = _heartbeat.Build(Math.Max(backlog, batch.Count), OldestAgeSeconds(batch)),
                AssignmentRevision = _assignment.Revision.Length == 0 ? null : _assignment.Revision,
            };

            SyncResponse response;
            try
            {
                response = await _master.SyncAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (SyncFailedException ex) when (ex.Kind == SyncFailureKind.TooLarge && _batchSize > 1)
            {
                _batchSize = Math.Max(1, _batchSize / 2);
                Log.BatchTooLarge(_logger, batch.Count, _batchSize);
                continue;
            }

            var acknowledged = await AcknowledgeAsync(batch, response, cancellationToken).ConfigureAwait(false);
            sent += acknowledged;
            backlog = Math.Max(0, backlog - acknowledged);
            if (response.Assignment is { } assignment) await _assignment.ApplyAsync(assignment, cancellationToken).ConfigureAwait(false);
            var level = batch.Count < _batchSize && acknowledged == batch.Count;
            var now = _time.GetUtcNow().UtcDateTime;
            _state.Update(s => s with
            {
                Mode = level ? AgentSyncMode.Level : AgentSyncMode.CatchingUp,
                LastAttemptUtc = now,
                LastSuccessUtc = now,
                LastError = null,
                LastFailure = null,
                ConsecutiveFailures = 0,
                Cursor = _cursor,
                Backlog = backlog,
                OldestUnsyncedAgeSeconds = level ? null : s.OldestUnsyncedAgeSeconds,
                RecordsSent = s.RecordsSent + acknowledged,
                AssignmentRevision = _assignment.Revision,
                AssignedRelays = _assignment.RelayCount,
            });
            if (level) break;
            if (acknowledged == 0) throw new SyncFailedException(SyncFailureKind.ServerError, "The master acknowledged none of the batch's records.");
            await _pacer.PaceAsync(acknowledged, cancellationToken).ConfigureAwait(false);
        }
        if (recovering || sent > _batchSize) Log.Level(_logger, sent, _time.GetElapsedTime(roundStart).TotalSeconds, _cursor);
    }

    /// <summary>
    /// Moves the cursor to what the master acknowledged (never past the last record sent, never back) and persists it.
    /// Returns how many of the batch's records are now synced.
    /// </summary>
    private async Task<int> AcknowledgeAsync(IReadOnlyList<OutboxRecord> batch, SyncResponse response, CancellationToken cancellationToken)
    {
        if (batch.Count == 0 || response.AcknowledgedSeq is not { } ack) return 0;
        var next = Math.Min(ack, batch[^1].Seq);
        if (next <= _cursor) return 0;
        try
        {
            await _outbox.SaveCursorAsync(next, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw new SyncFailedException(SyncFailureKind.LocalStore, "Writing the sync cursor failed: " + ex.Message, innerException: ex);
        }
        _cursor = next;
        Log.BatchAcknowledged(_logger, batch.Count, next);
        return batch.Count(r => r.Seq <= next);
    }

    private async Task ReportFailureAsync(Exception exception, TimeSpan delay, int failures, CancellationToken cancellationToken)
    {
        var failure = exception as SyncFailedException;
        var kind = failure?.Kind ?? SyncFailureKind.LocalStore;
        var url = _master.MasterUrl?.ToString() ?? "";
        long backlog = _state.Current.Backlog;
        try
        {
            backlog = await _outbox.CountBacklogAsync(_agentId, _cursor, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // the local database is the problem; keep the last count
        }
        var message = kind switch
        {
            SyncFailureKind.Rejected => $"The master rejected the token ({exception.Message}). Fix --master-token (RELAY_MASTER_TOKEN); records keep buffering locally.",
            SyncFailureKind.Unreachable => $"Cannot reach the master at {url}: {exception.Message}",
            SyncFailureKind.ServerError => $"The master failed to store a batch: {exception.Message}",
            SyncFailureKind.Refused => $"The master refused a batch: {exception.Message}",
            SyncFailureKind.TooLarge => $"The master refuses even a one-record batch as too large: {exception.Message}",
            _ => $"Local database error while syncing: {exception.Message}",
        };
        var now = _time.GetUtcNow().UtcDateTime;
        _state.Update(s => s with
        {
            Mode = AgentSyncMode.Failing,
            LastError = message,
            LastFailure = kind,
            LastAttemptUtc = now,
            ConsecutiveFailures = failures,
            Backlog = backlog,
        });
        switch (kind)
        {
            case SyncFailureKind.Rejected:
                Log.TokenRejected(_logger, url, exception.Message, backlog, delay.TotalSeconds);
                break;
            case SyncFailureKind.Unreachable:
                Log.Unreachable(_logger, url, exception.Message, backlog, delay.TotalSeconds);
                break;
            case SyncFailureKind.ServerError:
                Log.ServerError(_logger, exception.Message, backlog, delay.TotalSeconds);
                break;
            case SyncFailureKind.Refused or SyncFailureKind.TooLarge:
                Log.Refused(_logger, exception.Message, backlog, delay.TotalSeconds);
                break;
            default:
                Log.LocalFailure(_logger, backlog, delay.TotalSeconds, exception);
                break;
        }
    }

    /// <summary>Offline mode: keeps the backlog figure in the health status current; nothing is sent.</summary>
    private async Task CountBacklogWhileOfflineAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var backlog = await _outbox.CountBacklogAsync(_agentId, _cursor, stoppingToken).ConfigureAwait(false);
                _state.Update(s => s with { Backlog = backlog });
                await Task.Delay(_options.SyncInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.LocalFailure(_logger, _state.Current.Backlog, _options.SyncInterval.TotalSeconds, ex);
            }
        }
    }

    /// <summary>Age of the oldest closed record in the batch (the batch is in write order); null without one.</summary>
    private long? OldestAgeSeconds(IReadOnlyList<OutboxRecord> batch)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var record in batch)
        {
            if (record.Connection.EndUtc is { } end) return Math.Max(0, (long)(now - end).TotalSeconds);
        }
        return batch.Count == 0 ? null : 0;
    }
}
