using RelayEngine.Configuration;

namespace RelayWeb.Data;

/// <summary>
/// The relays a master places on one agent, and their revision: a hash of their configuration, equal across restarts and
/// changed exactly when one of them is added, changed or removed. An agent that reports the same revision is sent nothing.
/// </summary>
public sealed record RelayAssignment(string Revision, IReadOnlyList<RelayConfig> Relays);
