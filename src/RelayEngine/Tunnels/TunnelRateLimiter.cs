namespace RelayEngine.Tunnels;

/// <summary>
/// A token bucket for NodePass's <c>rate</c> (Mbit/s; bytes/s = Mbps × 125,000), shared by every connection of a tunnel
/// end in one direction. Callers take what they just read and wait off the debt, so the long-run rate holds whatever the
/// read sizes; a burst of 100 ms (at least 64 KiB) passes without waiting.
/// </summary>
internal sealed class TunnelRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _bytesPerSecond;
    private readonly double _burst;
    private double _tokens;
    private long _last;

    public TunnelRateLimiter(int megabitsPerSecond, TimeProvider time)
    {
        if (megabitsPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(megabitsPerSecond));
        _time = time;
        _bytesPerSecond = megabitsPerSecond * 125_000.0;
        _burst = Math.Max(_bytesPerSecond / 10, 64 * 1024);
        _tokens = _burst;
        _last = time.GetTimestamp();
    }

    /// <summary>A limiter for <paramref name="megabitsPerSecond"/>, or null when 0 (unlimited).</summary>
    public static TunnelRateLimiter? Create(int megabitsPerSecond, TimeProvider time) =>
        megabitsPerSecond > 0 ? new TunnelRateLimiter(megabitsPerSecond, time) : null;

    /// <summary>Takes <paramref name="bytes"/>; completes at once while within the budget, else after the debt is paid.</summary>
    public ValueTask WaitAsync(int bytes, CancellationToken cancellationToken)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + _time.GetElapsedTime(_last, now).TotalSeconds * _bytesPerSecond);
            _last = now;
            _tokens -= bytes;
            if (_tokens >= 0) return ValueTask.CompletedTask;
            delay = TimeSpan.FromSeconds(-_tokens / _bytesPerSecond);
        }
        return new ValueTask(Task.Delay(delay, _time, cancellationToken));
    }
}
