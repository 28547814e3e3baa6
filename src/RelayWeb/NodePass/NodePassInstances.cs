using RelayEngine.Configuration;
using RelayEngine.Ledger;
using RelayEngine.Model;
using RelayEngine.Tunnels;
using RelayWeb.Data;
using RelayWeb.Master;
using RelayWeb.Services;

namespace RelayWeb.NodePass;

/// <summary>
/// NodePass's instances, backed by Relay's own tunnels and relays, so an instance created here is a tunnel or relay in the
/// dashboard and a tunnel or relay made in the dashboard is an instance here.
/// </summary>
/// <remarks>
/// <para>Ids: a tunnel with one end is the instance <c>{tunnelId}</c>; a tunnel with both ends is two instances,
/// <c>{tunnelId}:server</c> and <c>{tunnelId}:client</c> (the ledger's relay ids); a relay (forward) is the instance
/// <c>{relayId}</c>, of type <c>client</c> with <c>mode=1</c> (NodePass's single-end forwarding). A single-end forward
/// created here is a TCP relay and a UDP relay on the same address: one instance, the TCP relay's id, counting both.</para>
/// <para>URLs never carry the key (<c>***</c>), except the one in the answer to the <c>POST</c> that created the instance.</para>
/// <para>Counters are cumulative across restarts (tunnel ends restore theirs from the ledger; relays of this node add
/// <see cref="RelayCounterBaselines"/>) minus what a <c>reset</c> action took off.</para>
/// </remarks>
public sealed class NodePassInstances(ITunnelStore tunnels, IRelayStore relays, NodePassInstanceStore settings,
    TunnelPlacementStates tunnelStates, RelayPlacementStates relayStates, RelayCounterBaselines baselines)
{
    /// <summary>Every instance: tunnel ends first (by name), then relays.</summary>
    public async Task<IReadOnlyList<NodePassInstanceDto>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<NodePassInstanceDto>();
        foreach (var target in await LoadAsync(cancellationToken)) result.Add(await ToDtoAsync(target, cancellationToken));
        return result;
    }

    /// <summary>What every instance is made of, in <see cref="ListAsync"/>'s order.</summary>
    public async Task<IReadOnlyList<InstanceTarget>> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await settings.ListAsync(cancellationToken);
        var result = new List<InstanceTarget>();
        foreach (var tunnel in await tunnels.ListAsync(cancellationToken))
        {
            foreach (var role in tunnel.Roles) result.Add(ForTunnelEnd(tunnel, role, stored));
        }
        var all = await relays.ListAsync(cancellationToken);
        var byId = all.ToDictionary(r => r.RelayId, StringComparer.OrdinalIgnoreCase);
        var halves = UdpHalves(stored, byId.ContainsKey);
        foreach (var relay in all)
        {
            if (halves.Contains(relay.RelayId)) continue; // listed with its TCP relay
            var own = stored.GetValueOrDefault(relay.RelayId) ?? NodePassInstanceSettings.Defaults(relay.RelayId);
            result.Add(new InstanceTarget(null, null, relay, own) { UdpRelay = own.UdpRelayId is { } udp ? byId.GetValueOrDefault(udp) : null });
        }
        return result;
    }

    public async Task<InstanceTarget?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var colon = id.LastIndexOf(':');
        if (colon > 0)
        {
            var roleText = id[(colon + 1)..];
            TunnelRole? role = roleText.Equals("server", StringComparison.OrdinalIgnoreCase) ? TunnelRole.Server
                : roleText.Equals("client", StringComparison.OrdinalIgnoreCase) ? TunnelRole.Client : null;
            if (role is null) return null;
            var tunnel = await tunnels.GetAsync(id[..colon], cancellationToken);
            return tunnel?.GetEnd(role.Value) is null ? null : ForTunnelEnd(tunnel, role.Value, await settings.ListAsync(cancellationToken));
        }
        if (await tunnels.GetAsync(id, cancellationToken) is { } single)
        {
            // A two-ended tunnel is addressed per end; its bare id names the server end.
            return ForTunnelEnd(single, single.Server is not null ? TunnelRole.Server : TunnelRole.Client, await settings.ListAsync(cancellationToken));
        }
        if (await relays.GetAsync(id, cancellationToken) is not { } relay) return null;
        var stored = await settings.ListAsync(cancellationToken);
        var own = stored.GetValueOrDefault(relay.RelayId) ?? NodePassInstanceSettings.Defaults(relay.RelayId);
        var udpRelay = own.UdpRelayId is { } udpId ? await relays.GetAsync(udpId, cancellationToken) : null;
        var halfOf = stored.Values.FirstOrDefault(s => string.Equals(s.UdpRelayId, relay.RelayId, StringComparison.OrdinalIgnoreCase));
        if (halfOf is not null && await relays.GetAsync(halfOf.RelayId, cancellationToken) is not null) return null; // the UDP half is not an instance
        return new InstanceTarget(null, null, relay, own) { UdpRelay = udpRelay };
    }

    public async Task<NodePassInstanceDto> ToDtoAsync(InstanceTarget target, CancellationToken cancellationToken) =>
        target.Tunnel is not null ? FromTunnelEnd(target) : await FromRelayAsync(target, cancellationToken);

    /// <summary>The instance's counters before any reset is taken off (what a <c>reset</c> stores as its offsets).</summary>
    public async Task<NodePassCounters> ReadTotalsAsync(InstanceTarget target, CancellationToken cancellationToken)
    {
        if (target.Tunnel is { } tunnel)
        {
            var state = tunnelStates.Get(tunnel, target.Role!.Value)!;
            return new NodePassCounters(state.TcpBytesUp, state.TcpBytesDown, state.UdpBytesUp, state.UdpBytesDown);
        }
        long tcpRx = 0, tcpTx = 0, udpRx = 0, udpTx = 0;
        foreach (var relay in target.Relays)
        {
            var live = relayStates.Get(relay);
            var earlier = relayStates.IsLocal(relay) ? await baselines.GetAsync(relay.RelayId, cancellationToken) : LedgerTotals.Empty;
            var up = earlier.TcpBytesUp + earlier.UdpBytesUp + (live?.BytesUp ?? 0);
            var down = earlier.TcpBytesDown + earlier.UdpBytesDown + (live?.BytesDown ?? 0);
            if (relay.Protocol == RelayProtocol.Udp)
            {
                udpRx += up;
                udpTx += down;
            }
            else
            {
                tcpRx += up;
                tcpTx += down;
            }
        }
        return new NodePassCounters(tcpRx, tcpTx, udpRx, udpTx);
    }

    /// <summary>The instance id of a tunnel end.</summary>
    public static string InstanceId(TunnelDefinition tunnel, TunnelRole role) =>
        tunnel.Server is not null && tunnel.Client is not null ? $"{tunnel.TunnelId}:{NodePassUrls.RoleText(role)}" : tunnel.TunnelId;

    public NodePassInstanceDto FromTunnelEnd(InstanceTarget target, bool showKey = false)
    {
        var tunnel = target.Tunnel!;
        var role = target.Role!.Value;
        var state = tunnelStates.Get(tunnel, role)!;
        var snapshot = state.Snapshot;
        var counters = new NodePassCounters(state.TcpBytesUp, state.TcpBytesDown, state.UdpBytesUp, state.UdpBytesDown).Minus(target.Settings.ResetOffsets);
        return new NodePassInstanceDto
        {
            Id = InstanceId(tunnel, role),
            Alias = tunnel.DisplayName == tunnel.TunnelId ? "" : tunnel.DisplayName,
            Type = NodePassUrls.RoleText(role),
            Status = state.Status switch
            {
                TunnelStatus.Stopped or TunnelStatus.Stopping => "stopped",
                TunnelStatus.Faulted => "error",
                _ => "running",
            },
            Url = NodePassUrls.ForTunnelEnd(tunnel, role, showKey),
            Restart = target.Settings.AutoStart ?? true,
            Mode = role == TunnelRole.Server ? (int)(snapshot?.Flow is { } flow and not TunnelFlow.Auto ? flow : tunnel.Flow) : 2,
            Ping = state.PingRtt is { } rtt ? (int)Math.Round(rtt.TotalMilliseconds) : 0,
            Pool = state.PoolIdle ?? 0,
            Tcps = state.ActiveTcpConnections,
            Udps = state.ActiveUdpSessions,
            Tcprx = counters.TcpRx,
            Tcptx = counters.TcpTx,
            Udprx = counters.UdpRx,
            Udptx = counters.UdpTx,
        };
    }

    private async Task<NodePassInstanceDto> FromRelayAsync(InstanceTarget target, CancellationToken cancellationToken)
    {
        var relay = target.Relay!;
        var states = target.Relays.Select(r => (Relay: r, State: relayStates.Get(r))).ToList();
        var counters = (await ReadTotalsAsync(target, cancellationToken)).Minus(target.Settings.ResetOffsets);
        // The TCP relay says whether the instance runs; either half failing is an error.
        var primary = states[0].State;
        var status = states.Any(s => s.State?.Status == RelayStatus.Faulted) ? "error" : primary?.Status switch
        {
            RelayStatus.Stopped or RelayStatus.Stopping => "stopped",
            null => relay.Enabled ? "running" : "stopped",
            _ => "running",
        };
        return new NodePassInstanceDto
        {
            Id = relay.RelayId,
            Alias = relay.DisplayName == relay.RelayId ? "" : relay.DisplayName,
            Type = "client",
            Status = status,
            Url = NodePassUrls.ForRelay(relay),
            Restart = target.Settings.AutoStart ?? true,
            Mode = 1,
            Tcps = states.Where(s => s.Relay.Protocol == RelayProtocol.Tcp).Sum(s => s.State?.ActiveConnections ?? 0),
            Udps = states.Where(s => s.Relay.Protocol == RelayProtocol.Udp).Sum(s => s.State?.ActiveConnections ?? 0),
            Tcprx = counters.TcpRx,
            Tcptx = counters.TcpTx,
            Udprx = counters.UdpRx,
            Udptx = counters.UdpTx,
        };
    }

    private static InstanceTarget ForTunnelEnd(TunnelDefinition tunnel, TunnelRole role, IReadOnlyDictionary<string, NodePassInstanceSettings> stored)
    {
        var ledgerId = InstanceTarget.TunnelLedgerId(tunnel.TunnelId, role);
        return new InstanceTarget(tunnel, role, null, stored.GetValueOrDefault(ledgerId) ?? NodePassInstanceSettings.Defaults(ledgerId));
    }

    /// <summary>The UDP halves of single-end forwards whose TCP relay still exists.</summary>
    private static HashSet<string> UdpHalves(IReadOnlyDictionary<string, NodePassInstanceSettings> stored, Func<string, bool> relayExists) =>
        stored.Values.Where(s => s.UdpRelayId is not null && relayExists(s.RelayId)).Select(s => s.UdpRelayId!).ToHashSet(StringComparer.OrdinalIgnoreCase);
}

/// <summary>What an instance id names: a tunnel end (<see cref="Tunnel"/> and <see cref="Role"/>) or a relay (with its UDP half).</summary>
public sealed record InstanceTarget(TunnelDefinition? Tunnel, TunnelRole? Role, RelayConfig? Relay, NodePassInstanceSettings Settings)
{
    /// <summary>The UDP relay of a single-end forward created through the instance API.</summary>
    public RelayConfig? UdpRelay { get; init; }

    /// <summary>The relays behind the instance: the relay, then its UDP half. Empty for a tunnel end.</summary>
    public IReadOnlyList<RelayConfig> Relays => Relay is null ? [] : UdpRelay is null ? [Relay] : [Relay, UdpRelay];

    /// <summary>The ledger relay id the instance's settings are stored under (<see cref="NodePassInstanceSettings.RelayId"/>).</summary>
    public string LedgerRelayId => Tunnel is { } tunnel ? TunnelLedgerId(tunnel.TunnelId, Role!.Value) : Relay!.RelayId;

    /// <summary>Every ledger relay id whose connections belong to this instance.</summary>
    public IEnumerable<string> LedgerRelayIds => Tunnel is null ? Relays.Select(r => r.RelayId) : [LedgerRelayId];

    public static string TunnelLedgerId(string tunnelId, TunnelRole role) => $"{tunnelId}:{NodePassUrls.RoleText(role)}"; // TunnelState.LedgerRelayId
}
