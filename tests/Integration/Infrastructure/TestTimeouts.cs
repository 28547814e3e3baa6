namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>Upper bounds for awaits in tests: generous for a loaded 2-core CI machine, never a fixed wait.</summary>
public static class TestTimeouts
{
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(20);
    public static TimeSpan Long { get; } = TimeSpan.FromSeconds(60);
}
