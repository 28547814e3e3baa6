using RelayWeb.Api.Contracts;

namespace RelayWeb.Master;

/// <summary>An agent as the master last saw it: its stored row and its last heartbeat's relay states. Immutable.</summary>
public sealed record AgentInfo
{
    /// <summary>Sync interval assumed for an agent that did not report one (the agent's default).</summary>
    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromSeconds(60);

    /// <summary>An agent is offline after this many sync intervals without a sync.</summary>
    public const int OfflineAfterIntervals = 3;

    public required string AgentId { get; init; }
    public string? Region { get; init; }
    public string? Version { get; init; }
    public DateTime FirstSeenUtc { get; init; }
    public DateTime LastSeenUtc { get; init; }
    public int SyncIntervalSeconds { get; init; }
    public long UptimeSeconds { get; init; }
    public long Backlog { get; init; }
    public long? OldestUnsyncedAgeSeconds { get; init; }
    public string? LastError { get; init; }
    public bool DiskFull { get; init; }
    public long LastAckedSeq { get; init; }
    public long RecordsReceived { get; init; }
    public string? AssignmentRevision { get; init; }
    public IReadOnlyList<AgentRelayStateDto> RelayStates { get; init; } = [];

    public TimeSpan SyncInterval => SyncIntervalSeconds > 0 ? TimeSpan.FromSeconds(SyncIntervalSeconds) : DefaultSyncInterval;

    /// <summary>Online while the last sync is at most <see cref="OfflineAfterIntervals"/> sync intervals old.</summary>
    public bool IsOnline(DateTime nowUtc) => nowUtc - LastSeenUtc <= SyncInterval * OfflineAfterIntervals;
}
