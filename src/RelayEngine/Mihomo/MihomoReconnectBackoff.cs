namespace RelayEngine.Mihomo;

/// <summary>
/// Exponential backoff with "equal jitter": after the n-th consecutive failure the delay is d/2 + U(0, d/2) where
/// d = min(max, min·2^n), so reconnecting clients spread out and the delay never collapses to zero.
/// </summary>
internal sealed class MihomoReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _failures;

    public MihomoReconnectBackoff(TimeSpan min, TimeSpan max, Random random)
    {
        if (min <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(min));
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max));
        _min = min;
        _max = max;
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <summary>Consecutive failures so far.</summary>
    public int Failures => _failures;

    /// <summary>The delay before the next attempt; counts one more failure.</summary>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures, 30);
        var ceiling = TimeSpan.FromTicks((long)Math.Min(_max.Ticks, _min.Ticks * Math.Pow(2, exponent)));
        _failures++;
        var half = ceiling.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(_random.NextDouble() * (ceiling.Ticks - half)));
    }

    /// <summary>A session worked: the next failure starts from the minimum again.</summary>
    public void Reset() => _failures = 0;
}
