using System.Collections.Concurrent;
using System.Net;

namespace RelayEngine.Tunnels;

/// <summary>
/// Slows down addresses that keep failing the key proof (a built-in fail2ban). After <c>freeFailures</c> failures within
/// <see cref="Window"/>, an address is blocked for 1 s, 2 s, 4 s... up to <c>maxDelay</c> after each further failure: its
/// connections are refused at once, before any greeting or TLS, so a guesser neither gets to try nor ties up a handshake
/// slot while it waits. A success clears the address. Bounded: at most <see cref="MaxTracked"/> addresses.
/// </summary>
internal sealed class AuthFailureThrottle
{
    /// <summary>Failures older than this are forgotten.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    public const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly int _freeFailures;
    private readonly TimeSpan _maxDelay;

    public AuthFailureThrottle(TimeProvider time, int freeFailures, TimeSpan maxDelay)
    {
        _time = time;
        _freeFailures = Math.Max(0, freeFailures);
        _maxDelay = maxDelay;
    }

    /// <summary>Counts a failure; returns the failures of this address within the window.</summary>
    public int RecordFailure(IPAddress address)
    {
        var now = _time.GetTimestamp();
        if (_entries.Count >= MaxTracked) Prune(now);
        var entry = _entries.AddOrUpdate(address, _ => new Entry(1, now), (_, old) => new Entry(Expired(old, now) ? 1 : old.Failures + 1, now));
        return entry.Failures;
    }

    public void RecordSuccess(IPAddress address) => _entries.TryRemove(address, out _);

    /// <summary>The block imposed after the failures so far: zero up to <c>freeFailures</c>, then 1 s doubling to the max.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        var excess = failures - _freeFailures;
        if (excess <= 0) return TimeSpan.Zero;
        return TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(excess - 1, 16)), _maxDelay.TotalSeconds));
    }

    /// <summary>How much longer <paramref name="address"/> is blocked; zero when it may try.</summary>
    public TimeSpan RetryAfter(IPAddress address)
    {
        if (!_entries.TryGetValue(address, out var entry)) return TimeSpan.Zero;
        var now = _time.GetTimestamp();
        if (Expired(entry, now)) return TimeSpan.Zero;
        var left = DelayAfter(entry.Failures) - _time.GetElapsedTime(entry.LastFailure, now);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private bool Expired(Entry entry, long now) => _time.GetElapsedTime(entry.LastFailure, now) > Window;

    private void Prune(long now)
    {
        foreach (var (address, entry) in _entries)
        {
            if (Expired(entry, now)) _entries.TryRemove(address, out _);
        }
        if (_entries.Count >= MaxTracked) _entries.Clear(); // a flood of distinct addresses: forget rather than grow
    }

    private readonly record struct Entry(int Failures, long LastFailure);
}
