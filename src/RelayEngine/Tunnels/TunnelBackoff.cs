namespace RelayEngine.Tunnels;

/// <summary>
/// Client reconnect delays: exponential from <c>initial</c> to <c>max</c>, each with "equal jitter" (half fixed, half
/// random) so a fleet of clients that lost the same server does not come back in lockstep. <see cref="Reset"/> after a
/// session that lasted.
/// </summary>
internal sealed class TunnelBackoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;
    private int _attempt;

    public int Attempt => _attempt;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(_attempt, 20)));
        _attempt++;
        var half = ceiling / 2;
        return TimeSpan.FromMilliseconds(half + _random.NextDouble() * half);
    }

    public void Reset() => _attempt = 0;
}
