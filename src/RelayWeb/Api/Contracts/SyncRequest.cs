namespace RelayWeb.Api.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/sync</c>: an agent's batch of ledger records (ordered by <c>seq</c>, at most
/// <see cref="Master.SyncLimits.MaxRecords"/>), its heartbeat, and the assignment revision it runs. A batch with no records
/// is a heartbeat.
/// </summary>
public sealed record SyncRequest
{
    /// <summary>The agent's id; every record is stored under it.</summary>
    public string? AgentId { get; init; }

    public IReadOnlyList<SyncRecordDto?>? Records { get; init; }

    public AgentHeartbeatDto? Heartbeat { get; init; }

    /// <summary>The assignment revision the agent runs; the response carries the assignment only when it differs.</summary>
    public string? AssignmentRevision { get; init; }
}
