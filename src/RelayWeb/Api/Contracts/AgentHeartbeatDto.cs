namespace RelayWeb.Api.Contracts;

/// <summary>An agent's state, sent with every sync.</summary>
public sealed record AgentHeartbeatDto
{
    public string? Version { get; init; }
    public long UptimeSeconds { get; init; }

    /// <summary>Records the agent holds that the master has not acknowledged yet (this batch included).</summary>
    public long Backlog { get; init; }

    /// <summary>How old the oldest record not yet acknowledged is, in seconds; null when the agent is level.</summary>
    public long? OldestUnsyncedAgeSeconds { get; init; }

    /// <summary>The last sync, ledger or disk error, or null.</summary>
    public string? LastError { get; init; }

    public string? Region { get; init; }

    /// <summary>True while the agent's local disk is full (it keeps relaying; new records may be lost).</summary>
    public bool DiskFull { get; init; }

    /// <summary>The agent's sync interval; the master marks it offline after three intervals without a sync.</summary>
    public int SyncIntervalSeconds { get; init; }

    /// <summary>Ledger records the agent dropped because its local database could not keep up.</summary>
    public long LedgerDropped { get; init; }

    /// <summary>The state of each relay the agent runs.</summary>
    public IReadOnlyList<AgentRelayStateDto>? Relays { get; init; }
}
