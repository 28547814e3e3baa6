using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayEngine.Utilities;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;

namespace RelayWeb.Master;

/// <summary>
/// The master's view of its agents: loaded from the <c>agents</c> table on first use, then kept current by every sync
/// (<see cref="Update"/>, called after the batch is committed). Pages subscribe with <see cref="OnChanged"/> (throttled to
/// 10 Hz) and re-read; online/offline is computed on read from the heartbeat's age, so a page re-reading once a second shows
/// an agent going away without any event.
/// </summary>
public sealed partial class AgentRegistry
{
    private static readonly TimeSpan s_notifyInterval = TimeSpan.FromMilliseconds(100);

    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentRegistry> _logger;
    private readonly Lock _gate = new();
    private ImmutableDictionary<string, AgentInfo>? _agents;
    private ImmutableList<CallbackThrottler> _subscribers = [];

    public AgentRegistry(IDbContextFactory<RelayDbContext> dbFactory, TimeProvider time, ILogger<AgentRegistry> logger)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Every known agent, by id.</summary>
    public IReadOnlyList<AgentInfo> GetAgents() => [.. Load().Values.OrderBy(a => a.AgentId, StringComparer.Ordinal)];

    public bool TryGetAgent(string agentId, out AgentInfo agent) => Load().TryGetValue(agentId, out agent!);

    /// <summary>The last reported state of <paramref name="relayId"/> on <paramref name="agentId"/>, if that agent reported it.</summary>
    public AgentRelayStateDto? GetRelayState(string agentId, string relayId) =>
        Load().TryGetValue(agentId, out var agent)
            ? agent.RelayStates.FirstOrDefault(r => string.Equals(r.Id, relayId, StringComparison.OrdinalIgnoreCase))
            : null;

    public bool IsOnline(AgentInfo agent) => agent.IsOnline(_time.GetUtcNow().UtcDateTime);

    /// <summary>Records what a committed sync told about an agent and notifies subscribers.</summary>
    public void Update(AgentInfo agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var isNew = false;
        lock (_gate)
        {
            var agents = LoadLocked();
            isNew = !agents.ContainsKey(agent.AgentId);
            _agents = agents.SetItem(agent.AgentId, agent);
        }
        if (isNew) Log.AgentRegistered(_logger, agent.AgentId, agent.Region ?? "-", agent.Version ?? "-");
        Notify();
    }

    /// <summary>Calls <paramref name="callback"/> (off the caller's thread, at most every 100 ms) after an agent synced. Dispose to stop.</summary>
    public IDisposable OnChanged(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var throttler = new CallbackThrottler(callback, s_notifyInterval, _time, _logger);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(throttler));
        return new Subscription(this, throttler);
    }

    private void Notify()
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers)) subscriber.Notify();
    }

    private ImmutableDictionary<string, AgentInfo> Load()
    {
        if (Volatile.Read(ref _agents) is { } loaded) return loaded;
        lock (_gate) return LoadLocked();
    }

    private ImmutableDictionary<string, AgentInfo> LoadLocked()
    {
        if (_agents is { } loaded) return loaded;
        using var db = _dbFactory.CreateDbContext();
        var rows = db.Agents.AsNoTracking().ToList();
        _agents = rows.ToImmutableDictionary(r => r.AgentId, FromEntity, StringComparer.Ordinal);
        return _agents;
    }

    /// <summary>The registry's view of a stored row; the heartbeat JSON is read for uptime and relay states.</summary>
    public static AgentInfo FromEntity(Agent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        AgentHeartbeatDto? heartbeat = null;
        if (row.LastHeartbeat is { Length: > 0 } json)
        {
            try
            {
                heartbeat = JsonSerializer.Deserialize<AgentHeartbeatDto>(json, RelayJson.Options);
            }
            catch (JsonException)
            {
                // written by another version; the row's own columns still tell the essentials
            }
        }
        return new AgentInfo
        {
            AgentId = row.AgentId,
            Region = row.Region,
            Version = row.Version,
            FirstSeenUtc = row.FirstSeenUtc,
            LastSeenUtc = row.LastSeenUtc,
            SyncIntervalSeconds = row.SyncIntervalSeconds,
            UptimeSeconds = heartbeat?.UptimeSeconds ?? 0,
            Backlog = row.Backlog,
            OldestUnsyncedAgeSeconds = row.OldestUnsyncedAgeSeconds,
            LastError = row.LastError,
            DiskFull = row.DiskFull,
            LastAckedSeq = row.LastAckedSeq,
            RecordsReceived = row.RecordsReceived,
            AssignmentRevision = row.AssignmentRevision,
            RelayStates = heartbeat?.Relays ?? [],
        };
    }

    private sealed class Subscription(AgentRegistry owner, CallbackThrottler throttler) : IDisposable
    {
        public void Dispose()
        {
            throttler.Dispose();
            ImmutableInterlocked.Update(ref owner._subscribers, list => list.Remove(throttler));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2400, LogLevel.Information, "Agent '{AgentId}' registered itself (region {Region}, version {Version}).", EventName = "AgentRegistered")]
        public static partial void AgentRegistered(ILogger logger, string agentId, string region, string version);
    }
}
