using Microsoft.Extensions.Logging;

namespace RelayEngine.Utilities;

/// <summary>
/// Runs a callback after <see cref="Notify"/>, off the caller's thread, at most once per <c>minInterval</c>, with at most one
/// run queued behind the one in progress (Aspire's CallbackThrottler). Exceptions are logged, never thrown to the publisher.
/// The captured <see cref="ExecutionContext"/> of the subscriber is restored for each run.
/// </summary>
public sealed class CallbackThrottler : IDisposable
{
    private readonly Func<Task> _callback;
    private readonly TimeSpan _minInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ExecutionContext? _context;
    private readonly SemaphoreSlim _queued = new(1, 1);
    private readonly SemaphoreSlim _running = new(1, 1);
    private long _lastRun;
    private volatile bool _disposed;

    /// <summary>Throttles <paramref name="callback"/> to one run per <paramref name="minInterval"/>; errors go to <paramref name="logger"/>.</summary>
    public CallbackThrottler(Func<Task> callback, TimeSpan minInterval, TimeProvider time, ILogger logger)
    {
        _callback = callback;
        _minInterval = minInterval;
        _time = time;
        _logger = logger;
        _context = ExecutionContext.Capture();
    }

    /// <summary>Schedules a run (coalesced with one already queued); never waits.</summary>
    public void Notify()
    {
        if (_disposed || !_queued.Wait(0)) return; // one already queued: it will see this change too
        _ = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        await _running.WaitAsync().ConfigureAwait(false);
        try
        {
            _queued.Release();
            if (_disposed) return;
            var wait = _minInterval - _time.GetElapsedTime(Interlocked.Read(ref _lastRun));
            if (Interlocked.Read(ref _lastRun) != 0 && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time).ConfigureAwait(false);
            }
            Interlocked.Exchange(ref _lastRun, _time.GetTimestamp());
            if (_disposed) return;
            if (_context is null)
            {
                await _callback().ConfigureAwait(false);
            }
            else
            {
                Task? task = null;
                ExecutionContext.Run(_context, _ => task = _callback(), null);
                await task!.ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Error in change callback.");
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>Stops further runs.</summary>
    public void Dispose() => _disposed = true;
}
