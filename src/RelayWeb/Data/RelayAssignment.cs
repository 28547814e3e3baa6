using RelayEngine.Configuration;

namespace RelayWeb.Data;

/// <summary>
/// The relays and tunnel ends a master places on one agent, and their revision: a hash of their configuration, equal across
/// restarts and changed exactly when one of them is added, changed or removed. An agent that reports the same revision is
/// sent nothing. Tunnel ends carry their key (the agent needs it to authenticate).
/// </summary>
public sealed record RelayAssignment(string Revision, IReadOnlyList<RelayConfig> Relays, IReadOnlyList<TunnelConfig> Tunnels)
{
    public RelayAssignment(string revision, IReadOnlyList<RelayConfig> relays)
        : this(revision, relays, [])
    {
    }
}
