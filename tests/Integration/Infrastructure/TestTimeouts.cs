namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>Upper bounds for awaits in tests: generous for a loaded 2-core CI machine, never a fixed wait.</summary>
public static class TestTimeouts
{
    /// <summary>Every await in a test gets <c>.WaitAsync(TestTimeouts.Default)</c>.</summary>
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(20);

    public static TimeSpan Long { get; } = TimeSpan.FromSeconds(60);

    /// <summary>Polling interval of <see cref="Eventually"/>.</summary>
    public static TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(50);
}
