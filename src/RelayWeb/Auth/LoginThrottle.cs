using System.Collections.Concurrent;

namespace RelayWeb.Auth;

/// <summary>
/// Limits failed logins per client address and per user name: after <see cref="MaxFailures"/> failures within
/// <see cref="Window"/> further attempts on that key are refused (even with the right password) until the oldest failure
/// leaves the window. Kept in memory; the map is pruned when it grows, so a flood of names cannot exhaust memory.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Queue<long>> _failures = new(StringComparer.Ordinal);

    /// <summary>True when either the address or the user name has used up its failures.</summary>
    public bool IsLocked(string? remoteAddress, string userName) =>
        IsLocked(AddressKey(remoteAddress)) || IsLocked(UserKey(userName));

    public void RecordFailure(string? remoteAddress, string userName)
    {
        if (_failures.Count > PruneThreshold) Prune();
        Record(AddressKey(remoteAddress));
        Record(UserKey(userName));
    }

    /// <summary>A successful login forgets the user name's failures (the address keeps its count).</summary>
    public void RecordSuccess(string userName) => _failures.TryRemove(UserKey(userName), out _);

    private bool IsLocked(string key)
    {
        if (!_failures.TryGetValue(key, out var queue)) return false;
        lock (queue)
        {
            Expire(queue);
            return queue.Count >= MaxFailures;
        }
    }

    private void Record(string key)
    {
        var queue = _failures.GetOrAdd(key, _ => new Queue<long>());
        lock (queue)
        {
            Expire(queue);
            queue.Enqueue(time.GetTimestamp());
            while (queue.Count > MaxFailures) queue.Dequeue();
        }
    }

    private void Expire(Queue<long> queue)
    {
        while (queue.Count > 0 && time.GetElapsedTime(queue.Peek()) >= Window) queue.Dequeue();
    }

    private void Prune()
    {
        foreach (var (key, queue) in _failures)
        {
            lock (queue)
            {
                Expire(queue);
                if (queue.Count == 0) _failures.TryRemove(key, out _);
            }
        }
    }

    private static string AddressKey(string? remoteAddress) => "ip:" + (remoteAddress ?? "unknown");

    private static string UserKey(string userName) => "user:" + userName.Trim().ToLowerInvariant();
}
