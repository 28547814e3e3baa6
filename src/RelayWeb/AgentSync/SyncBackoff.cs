namespace RelayWeb.AgentSync;

/// <summary>
/// Delay before the next attempt after consecutive failures: 1 s, 2 s, 4 s ... up to <see cref="Cap"/>, each with "equal
/// jitter" (half fixed, half random), so a fleet of agents that lost the master together does not come back in lockstep.
/// </summary>
public sealed class SyncBackoff
{
    private static readonly TimeSpan s_initial = TimeSpan.FromSeconds(1);
    private readonly Random _random;
    private int _failures;

    /// <param name="cap">Longest delay before jitter.</param>
    /// <param name="random">Source of the jitter (tests pass a seeded one).</param>
    public SyncBackoff(TimeSpan cap, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, s_initial);
        Cap = cap;
        _random = random ?? Random.Shared;
    }

    public TimeSpan Cap { get; }

    /// <summary>Failures since the last success.</summary>
    public int Failures => _failures;

    /// <summary>Counts a failure and returns how long to wait: between half and all of min(cap, 1 s × 2^(failures-1)).</summary>
    public TimeSpan NextDelay()
    {
        _failures++;
        var exponent = Math.Min(_failures - 1, 30);
        var ceiling = TimeSpan.FromTicks(Math.Min(Cap.Ticks, s_initial.Ticks << exponent));
        return ceiling / 2 + ceiling / 2 * _random.NextDouble();
    }

    public void Reset() => _failures = 0;

    /// <summary>The cap for an agent syncing every <paramref name="syncInterval"/>: five intervals, within 5 s .. <paramref name="maxDelay"/>.</summary>
    public static TimeSpan CapFor(TimeSpan syncInterval, TimeSpan maxDelay) =>
        TimeSpan.FromTicks(Math.Clamp(syncInterval.Ticks * 5, TimeSpan.FromSeconds(5).Ticks, Math.Max(maxDelay.Ticks, TimeSpan.FromSeconds(5).Ticks)));
}
