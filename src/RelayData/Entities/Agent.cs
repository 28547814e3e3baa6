namespace RelayData.Entities;

/// <summary>
/// A remote agent as the master knows it: registered by its first sync, updated by every sync after it (its heartbeat).
/// <see cref="LastHeartbeat"/> keeps the whole last heartbeat as JSON (relay states included) for the dashboard.
/// </summary>
public sealed class Agent
{
    public required string AgentId { get; set; }
    public string? Region { get; set; }
    public string? Version { get; set; }
    public DateTime FirstSeenUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }

    /// <summary>The agent's sync interval in seconds (from its heartbeat); offline after three of them without a sync.</summary>
    public int SyncIntervalSeconds { get; set; }

    /// <summary>Records waiting on the agent when it last synced.</summary>
    public long Backlog { get; set; }

    /// <summary>Age in seconds of the oldest record the agent had not synced yet when it last synced; null when it was level.</summary>
    public long? OldestUnsyncedAgeSeconds { get; set; }

    public string? LastError { get; set; }
    public bool DiskFull { get; set; }

    /// <summary>The highest agent-side sequence number the master has stored (acknowledged).</summary>
    public long LastAckedSeq { get; set; }

    /// <summary>Records received over all syncs (re-sent records counted again).</summary>
    public long RecordsReceived { get; set; }

    /// <summary>The assignment revision the agent reported running.</summary>
    public string? AssignmentRevision { get; set; }

    /// <summary>Id of the API token it last synced with (null for the configured <c>--api-token</c>).</summary>
    public string? TokenId { get; set; }

    /// <summary>The last heartbeat, as JSON.</summary>
    public string? LastHeartbeat { get; set; }
}
