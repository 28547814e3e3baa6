namespace RelayWeb.IntegrationTests.Engine.Infrastructure;

/// <summary>Polls a condition until it holds or the timeout passes (no fixed sleeps in tests).</summary>
internal static class WaitFor
{
    public static async Task ConditionAsync(Func<bool> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Default);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {because}.");
            await Task.Delay(20);
        }
    }

    public static async Task ConditionAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Default);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {because}.");
            await Task.Delay(50);
        }
    }
}
