using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Management;

namespace RelayEngine.Ledger;

/// <summary>
/// Moves ledger records from the data path to the <see cref="ILedgerSink"/> in batches. <see cref="TryEnqueue"/> never
/// waits: when the bounded buffer is full (the database is slow or away for long) the record is dropped, counted and
/// logged at most every 10 seconds. A failed write is retried with backoff; records keep queueing meanwhile.
/// </summary>
internal sealed partial class LedgerWriter : ILedgerStatistics
{
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    private readonly Channel<ConnectionSnapshot> _channel;
    private readonly ILedgerSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly RelayEngineOptions _options;
    private long _written;
    private long _dropped;
    private long _droppedSinceLog;
    private long _lastDropLog;
    private long _failedWrites;
    private int _inFlight;
    private DateTime? _lastWriteUtc;
    private volatile string? _lastError;

    public LedgerWriter(ILedgerSink sink, TimeProvider time, ILogger<LedgerWriter> logger, IOptions<RelayEngineOptions> options)
    {
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        _channel = Channel.CreateBounded<ConnectionSnapshot>(new BoundedChannelOptions(Math.Max(1, _options.LedgerBufferCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of silently dropping: we count it
            SingleReader = true,
        });
    }

    /// <summary>Queues a record without waiting. False when the buffer is full and the record was dropped (and counted).</summary>
    public bool TryEnqueue(ConnectionSnapshot record)
    {
        if (_channel.Writer.TryWrite(record)) return true;
        Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedSinceLog);
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLog);
        if ((last == 0 || _time.GetElapsedTime(last, now) >= DropLogInterval) && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last)
        {
            Log.RecordsDropped(_logger, Interlocked.Exchange(ref _droppedSinceLog, 0), _options.LedgerBufferCapacity, Interlocked.Read(ref _dropped));
        }
        return false;
    }

    public LedgerStatistics GetStatistics() => new(
        Interlocked.Read(ref _written),
        _channel.Reader.Count + Volatile.Read(ref _inFlight),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _failedWrites),
        _lastWriteUtc,
        _lastError);

    /// <summary>
    /// The write loop. Runs until <paramref name="stoppingToken"/> is cancelled and then makes one last attempt to flush
    /// what is queued (bounded by <paramref name="finalFlushToken"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken, CancellationToken finalFlushToken)
    {
        var reader = _channel.Reader;
        var batch = new Dictionary<Guid, ConnectionSnapshot>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false)) break;
                // Let a burst accumulate so one transaction carries many records.
                if (reader.Count < _options.LedgerBatchSize)
                {
                    await Task.Delay(_options.LedgerFlushInterval, _time, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            Fill(reader, batch);
            await WriteWithRetryAsync(batch, stoppingToken).ConfigureAwait(false);
        }

        // Shutdown: relays have been stopped, so their final records are queued. Flush them once more.
        while (!finalFlushToken.IsCancellationRequested)
        {
            Fill(reader, batch);
            if (batch.Count == 0) break;
            await WriteWithRetryAsync(batch, finalFlushToken).ConfigureAwait(false);
            if (batch.Count > 0) break;
        }
        if (batch.Count + reader.Count > 0)
        {
            Log.UnflushedAtShutdown(_logger, batch.Count + reader.Count);
        }
    }

    private void Fill(ChannelReader<ConnectionSnapshot> reader, Dictionary<Guid, ConnectionSnapshot> batch)
    {
        while (batch.Count < _options.LedgerBatchSize && reader.TryRead(out var record))
        {
            // Latest snapshot of a connection wins; a closed one is never replaced by an open one.
            if (batch.TryGetValue(record.Id, out var existing) && !existing.IsOpen && record.IsOpen) continue;
            batch[record.Id] = record;
        }
        Volatile.Write(ref _inFlight, batch.Count);
    }

    private async Task WriteWithRetryAsync(Dictionary<Guid, ConnectionSnapshot> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        var delay = TimeSpan.FromMilliseconds(250);
        var records = batch.Values.ToArray();
        while (true)
        {
            try
            {
                await _sink.WriteAsync(records, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _written, records.Length);
                _lastWriteUtc = _time.GetUtcNow().UtcDateTime;
                _lastError = null;
                batch.Clear();
                Volatile.Write(ref _inFlight, 0);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return; // keep the batch; the caller decides whether to flush again
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _failedWrites);
                _lastError = ex.Message;
                Log.WriteFailed(_logger, records.Length, delay, ex);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Warning, "Ledger buffer full ({Capacity} records): {Count} records dropped since the last report, {Total} in all. The database is too slow or unavailable.", EventName = "LedgerRecordsDropped")]
        public static partial void RecordsDropped(ILogger logger, long count, int capacity, long total);

        [LoggerMessage(1101, LogLevel.Warning, "Writing {Count} ledger records failed; retrying in {Delay}.", EventName = "LedgerWriteFailed")]
        public static partial void WriteFailed(ILogger logger, int count, TimeSpan delay, Exception exception);

        [LoggerMessage(1102, LogLevel.Error, "{Count} ledger records could not be written before shutdown.", EventName = "LedgerUnflushed")]
        public static partial void UnflushedAtShutdown(ILogger logger, int count);
    }
}
