using RelayEngine.Configuration;

namespace RelayWeb.Api.Contracts;

/// <summary>
/// The relays and tunnel ends the master assigns to an agent, with their revision; the agent replaces everything it runs with
/// them. <see cref="Tunnels"/> are the engine's <see cref="TunnelConfig"/> records with their key (the sync channel is
/// authenticated with the agent's token); an older master sends none.
/// </summary>
public sealed record AgentAssignmentDto(string Revision, IReadOnlyList<AssignedRelayDto> Relays, IReadOnlyList<TunnelConfig>? Tunnels = null);
