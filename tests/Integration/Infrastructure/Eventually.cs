namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>Waits for a condition that becomes true asynchronously (the ledger flushing, a relay binding), polling briefly.</summary>
public static class Eventually
{
    /// <summary>Returns the first value that satisfies <paramref name="until"/>; throws <see cref="TimeoutException"/> with <paramref name="what"/> otherwise.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> until, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Default);
        T value;
        while (true)
        {
            value = await probe().WaitAsync(TestTimeouts.Default);
            if (until(value)) return value;
            if (DateTime.UtcNow >= deadline) break;
            await Task.Delay(TestTimeouts.PollInterval);
        }
        throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        GetAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        GetAsync(condition, ok => ok, what, timeout);
}
