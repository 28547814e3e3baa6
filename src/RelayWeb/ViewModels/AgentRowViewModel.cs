using RelayEngine.Model;
using RelayWeb.Data;
using RelayWeb.Master;

namespace RelayWeb.ViewModels;

/// <summary>One agent as the Agents page shows it: online or offline, freshness, backlog and lag, errors, its relays.</summary>
public sealed record AgentRowViewModel
{
    public required string AgentId { get; init; }
    public required bool IsOnline { get; init; }
    public string? Region { get; init; }
    public string? Version { get; init; }
    public DateTime FirstSeenUtc { get; init; }
    public DateTime LastSeenUtc { get; init; }
    public TimeSpan SyncInterval { get; init; }
    public long UptimeSeconds { get; init; }
    public long Backlog { get; init; }
    public long? LagSeconds { get; init; }
    public string? LastError { get; init; }
    public bool DiskFull { get; init; }
    public long RecordsReceived { get; init; }

    /// <summary>False while the agent still runs an older assignment than the master holds for it.</summary>
    public bool AssignmentCurrent { get; init; }

    public IReadOnlyList<AgentRelayRow> Relays { get; init; } = [];

    /// <summary>Online, caught up, no error, disk fine.</summary>
    public bool IsHealthy => IsOnline && LastError is null && !DiskFull;

    public string StatusLabel => IsOnline ? "Online" : "Offline";

    /// <summary>"level", "5 s behind", "12,000 waiting · 3 min behind".</summary>
    public string BacklogLabel => Backlog == 0 && LagSeconds is null or 0 ? "level"
        : (Backlog > 0 ? $"{DisplayFormat.Count(Backlog)} waiting" : "")
          + (Backlog > 0 && LagSeconds is > 0 ? " · " : "")
          + (LagSeconds is > 0 ? $"{DisplayFormat.Duration(TimeSpan.FromSeconds(LagSeconds.Value))} behind" : "");

    public static AgentRowViewModel From(AgentInfo agent, RelayAssignment? assignment, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var online = agent.IsOnline(nowUtc);
        return new AgentRowViewModel
        {
            AgentId = agent.AgentId,
            IsOnline = online,
            Region = agent.Region,
            Version = agent.Version,
            FirstSeenUtc = agent.FirstSeenUtc,
            LastSeenUtc = agent.LastSeenUtc,
            SyncInterval = agent.SyncInterval,
            UptimeSeconds = agent.UptimeSeconds,
            Backlog = agent.Backlog,
            LagSeconds = agent.OldestUnsyncedAgeSeconds,
            LastError = agent.LastError,
            DiskFull = agent.DiskFull,
            RecordsReceived = agent.RecordsReceived,
            AssignmentCurrent = assignment is null || string.Equals(assignment.Revision, agent.AssignmentRevision, StringComparison.Ordinal),
            Relays = assignment?.Relays.Select(r =>
            {
                var state = agent.RelayStates.FirstOrDefault(s => string.Equals(s.Id, r.RelayId, StringComparison.OrdinalIgnoreCase));
                var status = !online ? (RelayStatus?)null : state?.State ?? (r.Enabled ? RelayStatus.Starting : RelayStatus.Stopped);
                return new AgentRelayRow(r.RelayId, r.DisplayName, status, state?.StateReason, state?.ActiveConnections ?? 0);
            }).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToArray() ?? [],
        };
    }

    /// <summary>Rows for the page: agents that need attention first (offline, erroring, disk full), then by id.</summary>
    public static IReadOnlyList<AgentRowViewModel> FromAll(IEnumerable<AgentInfo> agents, IReadOnlyDictionary<string, RelayAssignment> assignments, DateTime nowUtc) =>
        agents.Select(a => From(a, assignments.GetValueOrDefault(a.AgentId), nowUtc))
            .OrderBy(r => r.IsHealthy ? 1 : 0)
            .ThenBy(r => r.AgentId, StringComparer.Ordinal)
            .ToArray();
}

/// <summary>A relay assigned to an agent; <see cref="Status"/> is null while the agent is offline (unknown).</summary>
public sealed record AgentRelayRow(string RelayId, string Name, RelayStatus? Status, string? Reason, int ActiveConnections);
