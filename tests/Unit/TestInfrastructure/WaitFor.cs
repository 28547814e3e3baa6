namespace RelayWeb.UnitTests.TestInfrastructure;

/// <summary>Waits for a condition that becomes true asynchronously (a job run recorded), polling briefly; never a fixed sleep.</summary>
internal static class WaitFor
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> until, string what, TimeSpan? timeout = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var value = await probe().WaitAsync(Default);
            if (until(value)) return value;
            if (TimeProvider.System.GetElapsedTime(start) > (timeout ?? Default)) throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            await Task.Delay(20);
        }
    }

    public static Task ConditionAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        ValueAsync(condition, ok => ok, what, timeout);
}
