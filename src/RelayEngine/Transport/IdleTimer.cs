namespace RelayEngine.Transport;

/// <summary>
/// A coarse per-connection inactivity timer: a CancellationTokenSource on the injected TimeProvider, re-armed at most once a
/// second from the copy loops so touching it per read costs one timestamp read (STYLE.md §5.10 ex. 5).
/// </summary>
internal sealed class IdleTimer : IDisposable
{
    private static readonly TimeSpan RearmGranularity = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _cts;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private long _lastArmed;

    public IdleTimer(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _time = time;
        _cts = new CancellationTokenSource(timeout, time);
        _lastArmed = time.GetTimestamp();
    }

    public CancellationToken Token => _cts.Token;
    public bool TimedOut => _cts.IsCancellationRequested;

    public void Touch()
    {
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(Volatile.Read(ref _lastArmed), now) < RearmGranularity) return;
        Volatile.Write(ref _lastArmed, now);
        try { _cts.CancelAfter(_timeout); } catch (ObjectDisposedException) { }
    }

    public void Dispose() => _cts.Dispose();
}
