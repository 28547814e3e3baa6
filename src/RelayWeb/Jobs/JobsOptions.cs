namespace RelayWeb.Jobs;

/// <summary>Scheduler knobs, bound from <c>Relay:Jobs</c>. Read once at start.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Relay:Jobs";

    /// <summary>Tries per failing occurrence, the first one included. Default 3 (two retries).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry; each further retry waits 4 times longer, at most an hour. Default 1 minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Jobs that may run at the same time (different jobs; one job never overlaps itself). Default 4.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>The wait before retry <paramref name="attempt"/> (2 for the first retry).</summary>
    public TimeSpan RetryDelayBefore(int attempt)
    {
        var factor = Math.Pow(4, Math.Max(0, attempt - 2));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryDelay.Ticks * factor, TimeSpan.FromHours(1).Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
