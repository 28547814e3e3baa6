using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayEngine.Events;

/// <summary>
/// Once a second (on the injected TimeProvider): turns the relays' byte counters into traffic points, publishes counter
/// updates of open connections, and notifies the Stats topic. This is the only place per-byte activity becomes an event.
/// </summary>
internal sealed class StatsSampler : IDisposable
{
    private readonly EngineConfigManager _manager;
    private readonly ConnectionRegistry _registry;
    private readonly TrafficHistory _history;
    private readonly EngineEventHub _events;
    private readonly TimeProvider _time;
    private readonly RelayEngineOptions _options;
    private readonly Dictionary<RelayState, (long Up, long Down, long Total)> _last = [];
    private ITimer? _timer;

    public StatsSampler(EngineConfigManager manager, ConnectionRegistry registry, TrafficHistory history, EngineEventHub events, TimeProvider time, IOptions<RelayEngineOptions> options)
    {
        _manager = manager;
        _registry = registry;
        _history = history;
        _events = events;
        _time = time;
        _options = options.Value;
    }

    public void Start() => _timer = _time.CreateTimer(_ => Sample(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    /// <summary>Takes one sample now. Public for tests; the timer calls it every second.</summary>
    public void Sample()
    {
        lock (_last)
        {
            var now = _time.GetUtcNow().UtcDateTime;
            var perRelay = new List<KeyValuePair<string, TrafficPoint>>();
            long up = 0, down = 0, opened = 0;
            var active = 0;
            var seen = new HashSet<RelayState>();
            foreach (var relay in _manager.GetRelayStates())
            {
                seen.Add(relay);
                var current = (Up: relay.BytesUp, Down: relay.BytesDown, Total: relay.TotalConnections);
                var previous = _last.TryGetValue(relay, out var p) ? p : current;
                _last[relay] = current;
                var point = new TrafficPoint(now, current.Up - previous.Up, current.Down - previous.Down, relay.ActiveConnections, (int)(current.Total - previous.Total));
                perRelay.Add(new(relay.RelayId, point));
                up += point.BytesUp;
                down += point.BytesDown;
                active += point.ActiveConnections;
                opened += point.ConnectionsOpened;
            }
            foreach (var gone in _last.Keys.Where(k => !seen.Contains(k)).ToArray()) _last.Remove(gone);

            _history.Add(new TrafficPoint(now, up, down, active, (int)opened), perRelay);
            _registry.PublishCounterUpdates(_options.LedgerOpenConnectionRefresh);
            _events.NotifyChanged(EngineTopic.Stats);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
