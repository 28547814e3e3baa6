using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayEngine.Tunnels;
using RelayWeb.Services;

namespace RelayWeb.Master;

/// <summary>
/// The live state of a stored tunnel's ends, wherever they run (<see cref="RelayPlacementStates"/> for tunnels): this node's
/// engine for its own ends, the agent's last heartbeat for ends placed on an agent.
/// </summary>
public sealed class TunnelPlacementStates(ITunnelStateLookup engine, AgentRegistry agents, IOptions<RelayEngineOptions> engineOptions)
{
    private readonly string _localAgentId = engineOptions.Value.AgentId;

    /// <summary>True when the end runs in this process.</summary>
    public bool IsLocal(TunnelEndDefinition end) => end.AgentId is null || string.Equals(end.AgentId, _localAgentId, StringComparison.Ordinal);

    /// <summary>The state of <paramref name="tunnel"/>'s end <paramref name="role"/>; null when the tunnel has no such end.</summary>
    public TunnelEndState? Get(TunnelDefinition tunnel, TunnelRole role)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        if (tunnel.GetEnd(role) is not { } end) return null;
        var ledgerId = $"{tunnel.TunnelId}:{(role == TunnelRole.Server ? "server" : "client")}"; // TunnelState.LedgerRelayId
        if (IsLocal(end))
        {
            var snapshot = engine.GetTunnels().FirstOrDefault(t => t.Role == role && string.Equals(t.TunnelId, tunnel.TunnelId, StringComparison.OrdinalIgnoreCase));
            if (snapshot is null)
            {
                return new TunnelEndState
                {
                    Role = role,
                    LedgerRelayId = ledgerId,
                    Status = tunnel.Enabled ? TunnelStatus.Starting : TunnelStatus.Stopped,
                    StatusReason = tunnel.Enabled ? "Waiting for the engine to apply it." : "Stopped.",
                };
            }
            return new TunnelEndState
            {
                Role = role,
                LedgerRelayId = ledgerId,
                Status = snapshot.Status,
                StatusReason = snapshot.StatusReason,
                Snapshot = snapshot,
                PingRtt = snapshot.PingRtt,
                PoolIdle = snapshot.PoolIdle,
                PoolCapacity = snapshot.PoolCapacity,
                PoolHitRate = snapshot.PoolHitRate,
                ActiveTcpConnections = snapshot.ActiveTcpConnections,
                ActiveUdpSessions = snapshot.ActiveUdpSessions,
                TcpBytesUp = snapshot.TcpBytesUp,
                TcpBytesDown = snapshot.TcpBytesDown,
                UdpBytesUp = snapshot.UdpBytesUp,
                UdpBytesDown = snapshot.UdpBytesDown,
                ActiveConnections = snapshot.ActiveTcpConnections + snapshot.ActiveUdpSessions,
                TotalConnections = snapshot.TotalConnections,
                BytesUp = snapshot.TcpBytesUp + snapshot.UdpBytesUp,
                BytesDown = snapshot.TcpBytesDown + snapshot.UdpBytesDown,
            };
        }

        var agentId = end.AgentId!;
        if (!agents.TryGetAgent(agentId, out var agent))
        {
            return new TunnelEndState
            {
                Role = role,
                AgentId = agentId,
                LedgerRelayId = ledgerId,
                Status = tunnel.Enabled ? TunnelStatus.Starting : TunnelStatus.Stopped,
                StatusReason = $"Waiting for agent '{agentId}' to connect.",
            };
        }
        var state = agent.RelayStates.FirstOrDefault(r => string.Equals(r.Id, ledgerId, StringComparison.OrdinalIgnoreCase));
        var online = agents.IsOnline(agent);
        // An agent reports the end's own figures beside its pseudo-relay; live ones (ping, pool, open) only while online.
        var figures = state?.Tunnel;
        var live = online ? figures : null;
        return new TunnelEndState
        {
            Role = role,
            AgentId = agentId,
            LedgerRelayId = ledgerId,
            Status = state is null ? (tunnel.Enabled ? TunnelStatus.Starting : TunnelStatus.Stopped) : FromRelayStatus(state.State, state.StateReason, role),
            StatusReason = !online ? $"Agent '{agentId}' is offline; last reported state."
                : state is null ? $"Waiting for agent '{agentId}' to apply it (next sync)."
                : state.StateReason,
            PingRtt = live?.PingMs is { } ping ? TimeSpan.FromMilliseconds(ping) : null,
            PoolIdle = live?.PoolIdle,
            PoolCapacity = live?.PoolCapacity,
            PoolHitRate = figures?.PoolHitRate,
            ActiveConnections = online ? state?.ActiveConnections ?? 0 : 0,
            ActiveTcpConnections = live?.ActiveTcpConnections ?? 0,
            ActiveUdpSessions = live?.ActiveUdpSessions ?? 0,
            TotalConnections = state?.TotalConnections ?? 0,
            BytesUp = state?.BytesUp ?? 0,
            BytesDown = state?.BytesDown ?? 0,
            // An agent too old to report the split counts everything as TCP.
            TcpBytesUp = figures?.TcpBytesUp ?? state?.BytesUp ?? 0,
            TcpBytesDown = figures?.TcpBytesDown ?? state?.BytesDown ?? 0,
            UdpBytesUp = figures?.UdpBytesUp ?? 0,
            UdpBytesDown = figures?.UdpBytesDown ?? 0,
        };
    }

    /// <summary>
    /// An agent reports tunnel ends as pseudo-relays (<c>TunnelState</c>): Running with no reason is Connected; otherwise the
    /// reason starts with the tunnel status (<c>"Reconnecting: ..."</c>).
    /// </summary>
    private static TunnelStatus FromRelayStatus(RelayStatus status, string? reason, TunnelRole role)
    {
        var colon = reason?.IndexOf(':') ?? -1;
        if (colon > 0 && Enum.TryParse<TunnelStatus>(reason![..colon], out var parsed)) return parsed;
        return FromRelayStatus(status, role);
    }

    private static TunnelStatus FromRelayStatus(RelayStatus status, TunnelRole role) => status switch
    {
        RelayStatus.Running => TunnelStatus.Connected,
        RelayStatus.Stopped => TunnelStatus.Stopped,
        RelayStatus.Faulted => TunnelStatus.Faulted,
        RelayStatus.Stopping => TunnelStatus.Stopping,
        _ => role == TunnelRole.Server ? TunnelStatus.WaitingForClient : TunnelStatus.Connecting,
    };
}
