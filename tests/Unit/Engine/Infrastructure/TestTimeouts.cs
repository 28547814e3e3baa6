namespace RelayWeb.UnitTests.Engine.Infrastructure;

/// <summary>Bounds for every await in socket tests.</summary>
internal static class TestTimeouts
{
    /// <summary>The longest any single wait in a test may take.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds (for state that has no signal of its own), or throws.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        var limit = timeout ?? Default;
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > limit) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }
}
