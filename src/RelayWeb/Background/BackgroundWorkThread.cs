using System.Collections.Concurrent;

namespace RelayWeb.Background;

/// <summary>
/// One dedicated thread for heavy housekeeping on the database (retention deletes), scheduled by the OS below everything
/// else in the process (<see cref="ThreadScheduling.TryLowerCurrentThread"/>). SQLite does its work on the calling thread,
/// so a delete batch on a thread-pool thread competes with the relays for the CPU on equal terms: on a 2-core machine that
/// put milliseconds on the relays' p99. Here the kernel runs a relay's thread the moment it wakes.
/// </summary>
public sealed partial class BackgroundWorkThread : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly Thread _thread;
    private readonly ILogger<BackgroundWorkThread> _logger;

    public BackgroundWorkThread(ILogger<BackgroundWorkThread> logger)
    {
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "Relay background" };
        _thread.Start();
    }

    /// <summary>Whether the thread runs at the lowest priority (false where the OS offers no such thing).</summary>
    public bool Lowered { get; private set; }

    /// <summary>
    /// Runs <paramref name="work"/> on the background thread. Asynchronous work is waited for there: a SQLite command
    /// completes synchronously anyway, and whatever truly awaits only holds this one thread.
    /// </summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(() =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(cancellationToken);
                return;
            }
            try
            {
                completion.TrySetResult(work(cancellationToken).GetAwaiter().GetResult());
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                completion.TrySetCanceled(ex.CancellationToken);
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        }, cancellationToken);
        return completion.Task;
    }

    private void Run()
    {
        Lowered = ThreadScheduling.TryLowerCurrentThread(out var how);
        Log.Started(_logger, how);
        foreach (var item in _queue.GetConsumingEnumerable()) item();
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
    }

    private static partial class Log
    {
        [LoggerMessage(1700, LogLevel.Debug, "Background work thread: {How}.", EventName = "BackgroundThreadStarted")]
        public static partial void Started(ILogger logger, string how);
    }
}
