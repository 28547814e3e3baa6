namespace RelayWeb.AgentSync;

/// <summary>An immutable picture of the agent's sync and local health, for its heartbeat, health endpoint and logs.</summary>
public sealed record AgentSyncStatus
{
    public AgentSyncMode Mode { get; init; } = AgentSyncMode.Starting;
    public string? MasterUrl { get; init; }
    public string? LastError { get; init; }
    public SyncFailureKind? LastFailure { get; init; }
    public DateTime? LastAttemptUtc { get; init; }
    public DateTime? LastSuccessUtc { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTime? NextAttemptUtc { get; init; }

    /// <summary>The highest sequence number the master acknowledged.</summary>
    public long Cursor { get; init; }

    /// <summary>Records not acknowledged yet (as of the last count).</summary>
    public long Backlog { get; init; }

    public long? OldestUnsyncedAgeSeconds { get; init; }
    public long RecordsSent { get; init; }
    public string? AssignmentRevision { get; init; }
    public int AssignedRelays { get; init; }

    /// <summary>True while the local disk is full or the ledger cannot write for lack of space.</summary>
    public bool DiskFull { get; init; }

    public string? DiskError { get; init; }

    /// <summary><c>ok</c>, <c>degraded</c> (failing to sync, buffering) or <c>error</c> (token rejected, disk full).</summary>
    public string Health => DiskFull || LastFailure is SyncFailureKind.Rejected or SyncFailureKind.Refused ? "error"
        : Mode == AgentSyncMode.Failing ? "degraded"
        : "ok";
}
