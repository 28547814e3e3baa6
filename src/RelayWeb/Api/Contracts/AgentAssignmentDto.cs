namespace RelayWeb.Api.Contracts;

/// <summary>The relays the master assigns to an agent, with their revision; the agent replaces everything it runs with them.</summary>
public sealed record AgentAssignmentDto(string Revision, IReadOnlyList<AssignedRelayDto> Relays);
