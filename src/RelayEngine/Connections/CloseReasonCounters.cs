using System.Collections.Concurrent;

namespace RelayEngine.Connections;

/// <summary>One counter per relay and <see cref="CloseReason"/>: one dictionary lookup and one interlocked add per closed connection.</summary>
internal sealed class CloseReasonCounters
{
    private static readonly int s_reasons = Enum.GetValues<CloseReason>().Length;
    private readonly ConcurrentDictionary<string, long[]> _byRelay = new(StringComparer.OrdinalIgnoreCase);

    public void Count(string relayId, CloseReason reason)
    {
        var counters = _byRelay.GetOrAdd(relayId, static _ => new long[s_reasons]);
        var index = (int)reason;
        if ((uint)index < (uint)counters.Length) Interlocked.Increment(ref counters[index]);
    }

    public IReadOnlyList<ClosedConnectionCount> Snapshot()
    {
        var result = new List<ClosedConnectionCount>();
        foreach (var (relayId, counters) in _byRelay)
        {
            for (var i = 0; i < counters.Length; i++)
            {
                var count = Interlocked.Read(ref counters[i]);
                if (count > 0) result.Add(new ClosedConnectionCount(relayId, (CloseReason)i, count));
            }
        }
        return result;
    }
}
