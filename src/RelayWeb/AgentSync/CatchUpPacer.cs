namespace RelayWeb.AgentSync;

/// <summary>
/// Bounds how fast a backlog goes up: after each batch of a catch-up round, waits until the records sent so far fit
/// <c>recordsPerSecond</c> since the round began. Reading the local database and encoding JSON cost CPU that live relaying
/// needs; this caps that share (at the default 20,000/s a million records take under a minute).
/// </summary>
public sealed class CatchUpPacer
{
    private readonly TimeProvider _time;
    private readonly int _recordsPerSecond;
    private long _started;
    private long _sent;

    public CatchUpPacer(TimeProvider time, int recordsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordsPerSecond, 1);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _recordsPerSecond = recordsPerSecond;
    }

    /// <summary>Starts a round: the rate is measured from now.</summary>
    public void Start()
    {
        _started = _time.GetTimestamp();
        _sent = 0;
    }

    /// <summary>How long to wait after <paramref name="records"/> more were sent (zero when behind the rate).</summary>
    public TimeSpan Record(int records)
    {
        _sent += records;
        var due = TimeSpan.FromSeconds((double)_sent / _recordsPerSecond);
        var elapsed = _time.GetElapsedTime(_started);
        return due > elapsed ? due - elapsed : TimeSpan.Zero;
    }

    /// <summary><see cref="Record"/>, then the wait.</summary>
    public Task PaceAsync(int records, CancellationToken cancellationToken)
    {
        var wait = Record(records);
        return wait > TimeSpan.Zero ? Task.Delay(wait, _time, cancellationToken) : Task.CompletedTask;
    }
}
