namespace RelayWeb.AgentSync;

/// <summary>The agent's health as <c>GET /health</c> on <c>--health-port</c> returns it (and as its log summarises it).</summary>
public sealed record AgentHealthDto(
    string Status,
    string AgentId,
    string Mode,
    string? MasterUrl,
    string? LastError,
    string? LastFailure,
    DateTime? LastSuccessUtc,
    DateTime? NextAttemptUtc,
    int ConsecutiveFailures,
    long Backlog,
    long Cursor,
    long RecordsSent,
    bool DiskFull,
    string? DiskError,
    string? AssignmentRevision,
    int AssignedRelays,
    int RunningRelays,
    long LedgerDropped,
    string? LedgerError,
    long UptimeSeconds,
    string Version);
