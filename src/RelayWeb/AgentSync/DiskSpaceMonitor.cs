using Microsoft.Extensions.Options;
using RelayEngine.Ledger;

namespace RelayWeb.AgentSync;

/// <summary>
/// Watches the local database's disk every 10 seconds: free space below <see cref="AgentOptions.MinFreeDiskBytes"/>, or the
/// ledger failing with SQLite's "disk is full", marks the disk full in the agent's status (so health and the heartbeat say
/// so) and logs an error at once and every 5 minutes while it lasts. Relaying goes on regardless; the ledger counts what it
/// cannot keep.
/// </summary>
public sealed partial class DiskSpaceMonitor : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_repeat = TimeSpan.FromMinutes(5);

    private readonly AgentSyncState _state;
    private readonly ILedgerStatistics _ledger;
    private readonly TimeProvider _time;
    private readonly ILogger<DiskSpaceMonitor> _logger;
    private readonly AgentOptions _options;
    private readonly Func<string, long?> _freeBytes;
    private long _lastLogged;

    public DiskSpaceMonitor(AgentSyncState state, ILedgerStatistics ledger, TimeProvider time, IOptions<AgentOptions> options, ILogger<DiskSpaceMonitor> logger)
        : this(state, ledger, time, options, logger, FreeBytes)
    {
    }

    internal DiskSpaceMonitor(AgentSyncState state, ILedgerStatistics ledger, TimeProvider time, IOptions<AgentOptions> options, ILogger<DiskSpaceMonitor> logger,
        Func<string, long?> freeBytes)
    {
        _state = state ?? throw new ArgumentNullException(nameof(state));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        _freeBytes = freeBytes;
    }

    /// <summary>Checks once and updates the status; returns whether the disk counts as full.</summary>
    public bool Check()
    {
        var path = Path.GetFullPath(_options.LocalDatabase ?? ".");
        var free = _freeBytes(path);
        var ledgerError = _ledger.GetStatistics().LastError;
        var ledgerFull = ledgerError is not null && ledgerError.Contains("full", StringComparison.OrdinalIgnoreCase);
        var full = ledgerFull || free < _options.MinFreeDiskBytes;
        var error = !full ? null
            : ledgerFull ? $"The local disk is full: the ledger cannot write to {path} ({ledgerError}). Relaying continues; new records may be lost."
            : $"The local disk is almost full: {free / (1024 * 1024)} MiB free on the disk of {path} (minimum {_options.MinFreeDiskBytes / (1024 * 1024)} MiB). Relaying continues; free some space.";
        var before = _state.Current.DiskFull;
        _state.Update(s => s with { DiskFull = full, DiskError = error });
        var now = _time.GetTimestamp();
        if (full && (!before || _time.GetElapsedTime(_lastLogged, now) >= s_repeat))
        {
            _lastLogged = now;
            Log.DiskFull(_logger, error!);
        }
        else if (!full && before)
        {
            Log.DiskRecovered(_logger, path);
        }
        return full;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Check();
                await Task.Delay(s_interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.CheckFailed(_logger, ex);
                await Task.Delay(s_interval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private static long? FreeBytes(string path)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(path) ?? path).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1480, LogLevel.Error, "{Message}", EventName = "AgentDiskFull")]
        public static partial void DiskFull(ILogger logger, string message);

        [LoggerMessage(1481, LogLevel.Information, "The local disk of {Path} has space again.", EventName = "AgentDiskRecovered")]
        public static partial void DiskRecovered(ILogger logger, string path);

        [LoggerMessage(1482, LogLevel.Warning, "Checking the local disk failed.", EventName = "AgentDiskCheckFailed")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
