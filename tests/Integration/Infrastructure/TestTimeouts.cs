namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>How long a test waits for anything. Generous: CI machines here have 2 cores shared with other builds.</summary>
public static class TestTimeouts
{
    /// <summary>Every await in a test gets <c>.WaitAsync(TestTimeouts.Default)</c>.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(20);

    /// <summary>Polling interval of <see cref="Eventually"/>.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
}
