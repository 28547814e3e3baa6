using RelayWeb.Data;

namespace RelayWeb.Master;

/// <summary>
/// The agents a "runs on" picker offers: those that have synced, and those something is already placed on (they may not
/// have connected yet).
/// </summary>
public sealed class KnownAgents(AgentRegistry agents, DbEngineConfigProvider placements)
{
    public IEnumerable<string> Get() => agents.GetAgents().Select(a => a.AgentId).Concat(placements.GetAssignments().Keys);
}
