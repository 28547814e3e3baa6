using Microsoft.Extensions.Options;
using RelayEngine.Management;
using RelayEngine.Utilities;

namespace RelayEngine.Events;

/// <summary>In-memory rings of 1-second traffic points, per relay and for the node. Written by the sampler only.</summary>
internal sealed class TrafficHistory(IOptions<RelayEngineOptions> options) : ITrafficHistory
{
    private readonly Lock _gate = new();
    private readonly int _capacity = Math.Max(60, options.Value.TrafficHistorySeconds);
    private readonly Dictionary<string, CircularBuffer<TrafficPoint>> _relays = new(StringComparer.OrdinalIgnoreCase);
    private readonly CircularBuffer<TrafficPoint> _total = new(Math.Max(60, options.Value.TrafficHistorySeconds));

    public IReadOnlyList<TrafficPoint> GetHistory(string? relayId = null)
    {
        lock (_gate)
        {
            if (relayId is null) return _total.ToArray();
            return _relays.TryGetValue(relayId, out var ring) ? ring.ToArray() : [];
        }
    }

    public void Add(TrafficPoint total, IEnumerable<KeyValuePair<string, TrafficPoint>> perRelay)
    {
        lock (_gate)
        {
            _total.Add(total);
            foreach (var (relayId, point) in perRelay)
            {
                if (!_relays.TryGetValue(relayId, out var ring)) _relays[relayId] = ring = new CircularBuffer<TrafficPoint>(_capacity);
                ring.Add(point);
            }
        }
    }

    public void Remove(string relayId)
    {
        lock (_gate) _relays.Remove(relayId);
    }
}
