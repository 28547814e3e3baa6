using RelayEngine.Configuration;
using RelayEngine.Model;
using RelayWeb.Api;
using RelayWeb.Data;
using RelayWeb.Master;
using RelayWeb.Services;

namespace RelayWeb.NodePass;

/// <summary>Outcome of an instance write: <see cref="RelayStoreStatus.Ok"/>, or why the underlying store refused it.</summary>
public sealed record NodePassWriteResult(RelayStoreStatus Status, IReadOnlyList<ConfigError>? Errors = null)
{
    public static NodePassWriteResult Ok { get; } = new(RelayStoreStatus.Ok);
    public bool Succeeded => Status == RelayStoreStatus.Ok;
}

/// <summary>
/// The instance API's writes, made on the tunnels and relays behind each instance (<see cref="InstanceTarget"/>) through
/// their stores, so they are validated, audited and applied like any other change. Each write waits until this node's
/// engine has applied it, so the answer shows the new state.
/// </summary>
public sealed class NodePassInstanceWriter(ITunnelStore tunnels, IRelayStore relays, NodePassInstanceStore settings, NodePassInstances instances,
    IRelayControl control, RelayPlacementStates placements)
{
    /// <summary>Creates what <paramref name="url"/> describes; the created instance, or why not.</summary>
    public async Task<(NodePassWriteResult Result, InstanceTarget? Created)> CreateAsync(NodePassUrl url, string? alias, bool? autoStart, string actor, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(alias) ? null : alias.Trim();
        if (url.Tunnel is { } tunnel)
        {
            var result = await tunnels.CreateAsync(tunnel with { Name = name }, actor, cancellationToken);
            if (result.Status != RelayStoreStatus.Ok) return (new(result.Status, result.Errors), null);
            var created = result.Tunnel!;
            var role = created.Roles.First();
            var own = NodePassInstanceSettings.Defaults(InstanceTarget.TunnelLedgerId(created.TunnelId, role)) with { AutoStart = autoStart ?? true };
            await settings.SaveAsync(own, cancellationToken);
            await TunnelsApi.WaitAppliedAsync(control, result.RevisionId, cancellationToken);
            return (NodePassWriteResult.Ok, new InstanceTarget(created, role, null, own));
        }

        // Single-end forwarding: NodePass listens for TCP and UDP on the one address, so Relay runs a relay of each.
        var tcpResult = await relays.CreateAsync(url.Tcp! with { Name = name }, actor, cancellationToken);
        if (tcpResult.Status != RelayStoreStatus.Ok) return (new(tcpResult.Status, tcpResult.Errors), null);
        var tcp = tcpResult.Relay!;
        var udpResult = await relays.CreateAsync(url.Udp! with { Name = UdpName(tcp.DisplayName) }, actor, cancellationToken);
        if (udpResult.Status != RelayStoreStatus.Ok)
        {
            // All or nothing: the TCP half alone is not what was asked for.
            await relays.DeleteAsync(tcp.RelayId, actor, CancellationToken.None);
            return (new(udpResult.Status, udpResult.Errors), null);
        }
        var pair = NodePassInstanceSettings.Defaults(tcp.RelayId) with { AutoStart = autoStart ?? true, UdpRelayId = udpResult.Relay!.RelayId };
        await settings.SaveAsync(pair, cancellationToken);
        await TunnelsApi.WaitAppliedAsync(control, udpResult.RevisionId, cancellationToken);
        return (NodePassWriteResult.Ok, new InstanceTarget(null, null, tcp, pair) { UdpRelay = udpResult.Relay });
    }

    /// <summary>PATCH <c>action: start|stop</c>.</summary>
    public async Task<NodePassWriteResult> SetEnabledAsync(InstanceTarget target, bool enabled, string actor, CancellationToken cancellationToken)
    {
        if (target.Tunnel is { } tunnel) return await ApplyAsync(await tunnels.SetEnabledAsync(tunnel.TunnelId, enabled, actor, cancellationToken), cancellationToken);
        foreach (var relay in target.Relays)
        {
            var result = await ApplyAsync(await relays.SetEnabledAsync(relay.RelayId, enabled, actor, cancellationToken), cancellationToken);
            if (!result.Succeeded) return result;
        }
        return NodePassWriteResult.Ok;
    }

    /// <summary>PATCH <c>action: restart</c>: a running relay here rebinds; anything else is stopped and started.</summary>
    public async Task<NodePassWriteResult> RestartAsync(InstanceTarget target, string actor, CancellationToken cancellationToken)
    {
        if (target.Tunnel is null && target.Relays.All(r => r.Enabled && placements.IsLocal(r)))
        {
            foreach (var relay in target.Relays) await control.RestartRelayAsync(relay.RelayId, cancellationToken);
            return NodePassWriteResult.Ok;
        }
        var stopped = await SetEnabledAsync(target, false, actor, cancellationToken);
        return stopped.Succeeded ? await SetEnabledAsync(target, true, actor, cancellationToken) : stopped;
    }

    /// <summary>PATCH <c>alias</c>: the tunnel's or relay's name (the UDP half of a forward follows it).</summary>
    public async Task<NodePassWriteResult> RenameAsync(InstanceTarget target, string alias, string actor, CancellationToken cancellationToken)
    {
        if (target.Tunnel is { } tunnel) return await ApplyAsync(await tunnels.UpdateAsync(tunnel with { Name = alias, Key = "***" }, actor, cancellationToken), cancellationToken);
        var result = await ApplyAsync(await relays.UpdateAsync(target.Relay! with { Name = alias }, actor, cancellationToken), cancellationToken);
        if (result.Succeeded && target.UdpRelay is { } udp)
        {
            result = await ApplyAsync(await relays.UpdateAsync(udp with { Name = UdpName(alias) }, actor, cancellationToken), cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// PATCH <c>restart</c>: the auto-start policy. Both ends of a tunnel start and stop together, so it applies to both.
    /// </summary>
    public async Task SetAutoStartAsync(InstanceTarget target, bool autoStart, CancellationToken cancellationToken)
    {
        var ids = target.Tunnel is { } tunnel ? tunnel.Roles.Select(r => InstanceTarget.TunnelLedgerId(tunnel.TunnelId, r)) : [target.LedgerRelayId];
        foreach (var id in ids)
        {
            var current = string.Equals(id, target.LedgerRelayId, StringComparison.OrdinalIgnoreCase) ? target.Settings : await settings.GetAsync(id, cancellationToken);
            await settings.SaveAsync(current with { AutoStart = autoStart }, cancellationToken);
        }
    }

    /// <summary>PATCH <c>action: reset</c>: the traffic counters start again from zero (the ledger keeps its history).</summary>
    public async Task ResetAsync(InstanceTarget target, CancellationToken cancellationToken)
    {
        var totals = await instances.ReadTotalsAsync(target, cancellationToken);
        // Read again: a restart policy set in the same request is not lost.
        var current = await settings.GetAsync(target.LedgerRelayId, cancellationToken);
        await settings.SaveAsync(current with { ResetOffsets = totals }, cancellationToken);
    }

    /// <summary>DELETE: one end of a two-ended tunnel removes that end only; the last end removes the tunnel.</summary>
    public async Task<NodePassWriteResult> DeleteAsync(InstanceTarget target, string actor, CancellationToken cancellationToken)
    {
        string? revision = null;
        if (target.Tunnel is { } tunnel)
        {
            var result = tunnel.Server is not null && tunnel.Client is not null
                ? await tunnels.UpdateAsync(target.Role == TunnelRole.Server ? tunnel with { Server = null, Key = "***" } : tunnel with { Client = null, Key = "***" }, actor, cancellationToken)
                : await tunnels.DeleteAsync(tunnel.TunnelId, actor, cancellationToken);
            if (result.Status != RelayStoreStatus.Ok) return new(result.Status, result.Errors);
            revision = result.RevisionId;
        }
        else
        {
            foreach (var relay in target.Relays)
            {
                var result = await relays.DeleteAsync(relay.RelayId, actor, cancellationToken);
                if (result.Status == RelayStoreStatus.NotFound && relay != target.Relay) continue; // the UDP half went already
                if (result.Status != RelayStoreStatus.Ok) return new(result.Status, result.Errors);
                revision = result.RevisionId;
            }
        }
        await settings.DeleteAsync(target.LedgerRelayId, cancellationToken);
        await TunnelsApi.WaitAppliedAsync(control, revision, cancellationToken);
        return NodePassWriteResult.Ok;
    }

    /// <summary>The UDP half's name; names are at most 100 characters.</summary>
    private static string UdpName(string tcpName) => $"{(tcpName.Length > 94 ? tcpName[..94] : tcpName)} (udp)";

    private async Task<NodePassWriteResult> ApplyAsync(object result, CancellationToken cancellationToken)
    {
        var (status, revision, errors) = result switch
        {
            TunnelStoreResult r => (r.Status, r.RevisionId, r.Errors),
            RelayStoreResult r => (r.Status, r.RevisionId, r.Errors),
            _ => throw new ArgumentException("Not a store result.", nameof(result)),
        };
        if (status != RelayStoreStatus.Ok) return new(status, errors);
        await TunnelsApi.WaitAppliedAsync(control, revision, cancellationToken);
        return NodePassWriteResult.Ok;
    }
}
