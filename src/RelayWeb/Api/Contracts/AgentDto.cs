namespace RelayWeb.Api.Contracts;

/// <summary>
/// An agent as the master sees it (<c>GET /api/v1/agents</c>). <c>status</c> is <c>online</c> while the last sync is at most
/// three sync intervals old, else <c>offline</c>. <c>lagSeconds</c> is the age of the oldest record the agent still held
/// unsynced at its last sync (null when it was level).
/// </summary>
public sealed record AgentDto
{
    public const string Online = "online";
    public const string Offline = "offline";

    public required string Id { get; init; }
    public required string Status { get; init; }
    public string? Region { get; init; }
    public string? Version { get; init; }
    public DateTime FirstSeen { get; init; }
    public DateTime LastSeen { get; init; }
    public long LastSeenAgoSeconds { get; init; }
    public int SyncIntervalSeconds { get; init; }
    public long UptimeSeconds { get; init; }
    public long Backlog { get; init; }
    public long? LagSeconds { get; init; }
    public string? LastError { get; init; }
    public bool DiskFull { get; init; }
    public long LastAckedSeq { get; init; }
    public long RecordsReceived { get; init; }

    /// <summary>The assignment revision the agent last reported running, and the one it should run.</summary>
    public string? RunningRevision { get; init; }
    public string? AssignedRevision { get; init; }

    /// <summary>Ids of the relays assigned to the agent.</summary>
    public IReadOnlyList<string> Relays { get; init; } = [];

    /// <summary>The relays' states from the last heartbeat.</summary>
    public IReadOnlyList<AgentRelayStateDto> RelayStates { get; init; } = [];
}
