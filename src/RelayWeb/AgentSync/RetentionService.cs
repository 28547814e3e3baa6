using Microsoft.Extensions.Options;
using RelayWeb.Background;

namespace RelayWeb.AgentSync;

/// <summary>
/// Deletes the agent's synced records older than <see cref="AgentOptions.DataRetentionDays"/>, in batches of
/// <see cref="BatchSize"/> so the ledger writer never waits long for the database. Only rows at or below the acknowledged
/// cursor are candidates: a record the master has not stored is never deleted, however old (an agent offline for a month
/// keeps its month). Runs a minute after start, then every <see cref="AgentOptions.RetentionInterval"/>.
/// </summary>
public sealed partial class RetentionService : BackgroundService
{
    public const int BatchSize = 1000;
    private static readonly TimeSpan s_firstRun = TimeSpan.FromMinutes(1);

    private readonly SyncOutbox _outbox;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionService> _logger;
    private readonly AgentOptions _options;
    private readonly BackgroundWorkThread _background;

    public RetentionService(SyncOutbox outbox, TimeProvider time, IOptions<AgentOptions> options, BackgroundWorkThread background, ILogger<RetentionService> logger)
    {
        _background = background ?? throw new ArgumentNullException(nameof(background));
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
    }

    /// <summary>
    /// One retention pass: deletes synced rows that ended before now − retention, batch by batch, until none is left.
    /// Returns how many rows were deleted.
    /// </summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        // The cursor is read from the database, not from the sync service, so this is right whatever else is running.
        var cursor = await _outbox.LoadCursorAsync(cancellationToken).ConfigureAwait(false);
        if (cursor == 0) return 0;
        var cutoff = _time.GetUtcNow().UtcDateTime - TimeSpan.FromDays(_options.DataRetentionDays);
        long total = 0;
        while (true)
        {
            // On the low-priority thread: the relays' threads run first whenever they have work.
            var deleted = await _background.RunAsync(ct => _outbox.DeleteSyncedBeforeAsync(cursor, cutoff, BatchSize, ct), cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < BatchSize) break;
        }
        if (total > 0) Log.Deleted(_logger, total, _options.DataRetentionDays, cursor);
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = s_firstRun;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.Failed(_logger, ex);
            }
            delay = _options.RetentionInterval;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1475, LogLevel.Information, "Retention deleted {Count} synced record(s) older than {Days} day(s) (acknowledged cursor {Cursor}).", EventName = "AgentRetentionDeleted")]
        public static partial void Deleted(ILogger logger, long count, int days, long cursor);

        [LoggerMessage(1476, LogLevel.Error, "Retention failed; it runs again at the next interval.", EventName = "AgentRetentionFailed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
