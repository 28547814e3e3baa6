using System.Net;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayWeb.Master;

/// <summary>
/// The live state of any stored relay, wherever it runs: this node's engine for its own relays, the agent's last heartbeat
/// for a relay placed on an agent. An agent relay not reported yet is <c>Starting</c> ("waiting for the agent"); one on an
/// offline agent keeps its last reported state with a reason saying so.
/// </summary>
public sealed class RelayPlacementStates(IRelayStateLookup engine, AgentRegistry agents, IOptions<RelayEngineOptions> engineOptions)
{
    private readonly string _localAgentId = engineOptions.Value.AgentId;

    /// <summary>True when <paramref name="relay"/> runs in this process.</summary>
    public bool IsLocal(RelayConfig relay) => relay.AgentId is null || string.Equals(relay.AgentId, _localAgentId, StringComparison.Ordinal);

    /// <summary>The relay's state, or null when this node's engine has not loaded it yet.</summary>
    public RelaySnapshot? Get(RelayConfig relay)
    {
        ArgumentNullException.ThrowIfNull(relay);
        if (IsLocal(relay)) return engine.TryGetRelay(relay.RelayId, out var live) ? live : null;

        var agentId = relay.AgentId!;
        if (!agents.TryGetAgent(agentId, out var agent))
        {
            return new RelaySnapshot
            {
                Config = relay,
                Status = relay.Enabled ? RelayStatus.Starting : RelayStatus.Stopped,
                StatusReason = $"Waiting for agent '{agentId}' to connect.",
            };
        }
        var state = agent.RelayStates.FirstOrDefault(r => string.Equals(r.Id, relay.RelayId, StringComparison.OrdinalIgnoreCase));
        var online = agents.IsOnline(agent);
        var reason = !online ? $"Agent '{agentId}' is offline; last reported state."
            : state is null ? $"Waiting for agent '{agentId}' to apply it (next sync)."
            : state.StateReason;
        return new RelaySnapshot
        {
            Config = relay,
            Status = state?.State ?? (relay.Enabled ? RelayStatus.Starting : RelayStatus.Stopped),
            StatusReason = reason,
            BoundEndPoint = state?.BoundEndpoint is { } bound && IPEndPoint.TryParse(bound, out var endpoint) ? endpoint : null,
            StartedUtc = state?.StartedUtc,
            ActiveConnections = online ? state?.ActiveConnections ?? 0 : 0,
            TotalConnections = state?.TotalConnections ?? 0,
            BytesUp = state?.BytesUp ?? 0,
            BytesDown = state?.BytesDown ?? 0,
        };
    }
}
