namespace RelayEngine.Tunnels;

/// <summary>
/// Decides how many idle data connections the client keeps (NodePass's adaptive pool, with the 20 %/80 % thresholds of its
/// older docs). Start at <c>min</c>. Grow: double (at most once per <see cref="GrowCooldown"/>) when a use leaves fewer than
/// 20 % idle; when the opening end reports <c>n</c> connections waiting, at least <c>2n</c>. Shrink: halve, never below
/// <c>min</c>, after <see cref="TunnelOptions.PoolShrinkAfter"/> without growth and with more than 80 % idle. Always within
/// [min, max]. Pure logic on the injected clock, not thread-safe (the client serializes calls).
/// </summary>
internal sealed class TunnelPoolController
{
    /// <summary>Low-water doublings are at least this far apart, so one burst of uses doubles once, not once per use.</summary>
    public static readonly TimeSpan GrowCooldown = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly TimeSpan _shrinkAfter;
    private long _lastGrowth;
    private bool _grown;

    public TunnelPoolController(int min, int max, TimeSpan shrinkAfter, TimeProvider time)
    {
        Max = Math.Max(1, max);
        Min = Math.Clamp(min, 0, Max);
        Target = Min;
        _shrinkAfter = shrinkAfter;
        _time = time;
        _lastGrowth = time.GetTimestamp();
    }

    public int Min { get; }
    public int Max { get; }

    /// <summary>Idle connections wanted now.</summary>
    public int Target { get; private set; }

    /// <summary>Connections put to use so far.</summary>
    public long Taken { get; private set; }

    /// <summary>A pooled connection was put to use; <paramref name="idleAfter"/> are left idle.</summary>
    public void OnTaken(int idleAfter)
    {
        Taken++;
        if (idleAfter * 5 >= Target && Target > 0) return;
        var now = _time.GetTimestamp();
        if (_grown && _time.GetElapsedTime(_lastGrowth, now) < GrowCooldown) return;
        SetGrown(Math.Max(1, Target * 2), now);
    }

    /// <summary>The opening end has <paramref name="waiting"/> user connections waiting for a data connection.</summary>
    public void OnShortage(int waiting)
    {
        if (waiting <= 0) return;
        SetGrown(Math.Max(Target, 2 * waiting), _time.GetTimestamp());
    }

    /// <summary>Connections to dial now, given the idle ones and those being dialled.</summary>
    public int Deficit(int idle, int dialing) => Math.Max(0, Target - idle - dialing);

    /// <summary>
    /// Periodic check (every <see cref="TunnelOptions.PoolAdjustInterval"/>): shrinks after a quiet spell. Returns how many idle
    /// connections are surplus and should be closed.
    /// </summary>
    public int Adjust(int idle)
    {
        var now = _time.GetTimestamp();
        if (Target > Min && idle * 5 > Target * 4 && _time.GetElapsedTime(_lastGrowth, now) >= _shrinkAfter)
        {
            Target = Math.Max(Min, Target / 2);
            _lastGrowth = now; // the next halving needs another quiet spell
        }
        return Math.Max(0, idle - Target);
    }

    private void SetGrown(int target, long now)
    {
        Target = Math.Clamp(target, Min, Max);
        _lastGrowth = now;
        _grown = true;
    }
}
