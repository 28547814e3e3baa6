namespace RelayWeb.Api.Contracts;

/// <summary>
/// Answer to <c>POST /api/v1/sync</c>, sent once the batch is committed. <c>acknowledgedSeq</c> is the highest <c>seq</c>
/// stored (null for a batch without records): the agent may mark every record up to it as synced. <c>assignment</c> is null
/// when the agent's <c>assignmentRevision</c> is current.
/// </summary>
public sealed record SyncResponse(long? AcknowledgedSeq, int Stored, AgentAssignmentDto? Assignment);
