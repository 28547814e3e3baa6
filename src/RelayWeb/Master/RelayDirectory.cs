using RelayEngine.Model;
using RelayWeb.Data;

namespace RelayWeb.Master;

/// <summary>
/// Every relay the master knows, wherever it runs: this node's engine (its own relays and external sources such as Mihomo)
/// plus the relays placed on agents, with the state their agents last reported (<see cref="RelayPlacementStates"/>). The
/// dashboard lists relays through this; the engine's <see cref="IRelayStateLookup"/> stays this node's own.
/// </summary>
public sealed class RelayDirectory(IRelayStateLookup engine, DbEngineConfigProvider relays, RelayPlacementStates states)
{
    public IReadOnlyList<RelaySnapshot> GetRelays() =>
        [.. engine.GetRelays().Concat(AgentRelays()).OrderBy(s => s.Config.DisplayName, StringComparer.OrdinalIgnoreCase)];

    public bool TryGetRelay(string relayId, out RelaySnapshot snapshot)
    {
        if (engine.TryGetRelay(relayId, out snapshot)) return true;
        snapshot = AgentRelays().FirstOrDefault(r => string.Equals(r.RelayId, relayId, StringComparison.OrdinalIgnoreCase))!;
        return snapshot is not null;
    }

    /// <summary>True when <paramref name="relay"/> runs on an agent, not in this process.</summary>
    public bool IsRemote(RelaySnapshot relay) => !relay.IsExternal && !states.IsLocal(relay.Config);

    private IEnumerable<RelaySnapshot> AgentRelays() =>
        relays.GetAssignments().Values.SelectMany(a => a.Relays).Select(r => states.Get(r)!);
}
