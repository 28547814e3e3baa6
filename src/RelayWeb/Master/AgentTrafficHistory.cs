using RelayEngine.Events;

namespace RelayWeb.Master;

/// <summary>
/// Per-agent traffic for charts, from successive heartbeats: each sync adds one point with the average bytes per second
/// (up and down, summed over the agent's relays) since the previous sync, and the open connections. Kept in memory, the
/// last <see cref="Capacity"/> points per agent (15 minutes at a 1 s sync interval, 16 hours at 60 s); a master restart
/// starts the charts afresh (the ledger itself is in the database). Thread-safe.
/// </summary>
public sealed class AgentTrafficHistory
{
    public const int Capacity = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _agents = new(StringComparer.Ordinal);

    /// <summary>The agent's points, oldest first (empty for an unknown agent).</summary>
    public IReadOnlyList<TrafficPoint> Get(string agentId)
    {
        lock (_gate) return _agents.TryGetValue(agentId, out var series) ? [.. series.Points] : [];
    }

    /// <summary>
    /// Adds the point for a heartbeat at <paramref name="nowUtc"/> reporting relay totals <paramref name="bytesUp"/> and
    /// <paramref name="bytesDown"/> (since each relay started). A total that went down (the agent or a relay restarted)
    /// counts from zero; the first heartbeat only sets the baseline.
    /// </summary>
    public void Add(string agentId, DateTime nowUtc, long bytesUp, long bytesDown, int activeConnections, long uptimeSeconds)
    {
        lock (_gate)
        {
            if (!_agents.TryGetValue(agentId, out var series))
            {
                _agents[agentId] = new Series(nowUtc, bytesUp, bytesDown);
                return;
            }
            var seconds = (nowUtc - series.LastUtc).TotalSeconds;
            if (seconds <= 0) return;
            var up = bytesUp >= series.LastUp ? bytesUp - series.LastUp : bytesUp;
            var down = bytesDown >= series.LastDown ? bytesDown - series.LastDown : bytesDown;
            // After a restart the counters cover the agent's uptime, not the whole gap.
            if ((bytesUp < series.LastUp || bytesDown < series.LastDown) && uptimeSeconds > 0) seconds = Math.Min(seconds, uptimeSeconds);
            series.Points.Enqueue(new TrafficPoint(nowUtc, (long)(up / Math.Max(seconds, 1e-3)), (long)(down / Math.Max(seconds, 1e-3)), activeConnections, 0));
            while (series.Points.Count > Capacity) series.Points.Dequeue();
            series.LastUtc = nowUtc;
            series.LastUp = bytesUp;
            series.LastDown = bytesDown;
        }
    }

    private sealed class Series(DateTime lastUtc, long lastUp, long lastDown)
    {
        public Queue<TrafficPoint> Points { get; } = new();
        public DateTime LastUtc { get; set; } = lastUtc;
        public long LastUp { get; set; } = lastUp;
        public long LastDown { get; set; } = lastDown;
    }
}
