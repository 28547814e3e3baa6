using System.Globalization;
using RelayEngine.Configuration;
using RelayEngine.Model;
using RelayEngine.Tunnels;
using RelayWeb.Cli;
using RelayWeb.Master;
using RelayWeb.Services;

namespace RelayWeb.NodePass;

/// <summary>
/// NodePass's instances, backed by Relay's own tunnels and relays, so an instance created here is a tunnel in the dashboard and
/// a tunnel or relay made in the dashboard is an instance here.
/// </summary>
/// <remarks>
/// <para>Ids: a tunnel with one end is the instance <c>{tunnelId}</c>; a tunnel with both ends is two instances,
/// <c>{tunnelId}:server</c> and <c>{tunnelId}:client</c> (the ledger's relay ids); a relay (forward) is the instance
/// <c>{relayId}</c>, of type <c>client</c> with <c>mode=1</c> (NodePass's single-end forwarding).</para>
/// <para>URLs never carry the key (<c>***</c>), except the one in the answer to the <c>POST</c> that created the instance.</para>
/// </remarks>
public sealed class NodePassInstances(ITunnelStore tunnels, IRelayStore relays, TunnelPlacementStates tunnelStates, RelayPlacementStates relayStates)
{
    /// <summary>Every instance: tunnel ends first (by name), then relays.</summary>
    public async Task<IReadOnlyList<NodePassInstanceDto>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<NodePassInstanceDto>();
        foreach (var tunnel in await tunnels.ListAsync(cancellationToken))
        {
            foreach (var role in tunnel.Roles) result.Add(FromTunnelEnd(tunnel, role));
        }
        foreach (var relay in await relays.ListAsync(cancellationToken)) result.Add(FromRelay(relay));
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
            return tunnel?.GetEnd(role.Value) is null ? null : new InstanceTarget(tunnel, role.Value, null);
        }
        if (await tunnels.GetAsync(id, cancellationToken) is { } single)
        {
            // A two-ended tunnel is addressed per end; its bare id names the server end.
            return new InstanceTarget(single, single.Server is not null ? TunnelRole.Server : TunnelRole.Client, null);
        }
        return await relays.GetAsync(id, cancellationToken) is { } relay ? new InstanceTarget(null, null, relay) : null;
    }

    public NodePassInstanceDto ToDto(InstanceTarget target) =>
        target.Tunnel is { } tunnel ? FromTunnelEnd(tunnel, target.Role!.Value) : FromRelay(target.Relay!);

    /// <summary>The instance id of a tunnel end.</summary>
    public static string InstanceId(TunnelDefinition tunnel, TunnelRole role) =>
        tunnel.Server is not null && tunnel.Client is not null ? $"{tunnel.TunnelId}:{RoleText(role)}" : tunnel.TunnelId;

    public NodePassInstanceDto FromTunnelEnd(TunnelDefinition tunnel, TunnelRole role, bool showKey = false)
    {
        var state = tunnelStates.Get(tunnel, role)!;
        var snapshot = state.Snapshot;
        return new NodePassInstanceDto
        {
            Id = InstanceId(tunnel, role),
            Alias = tunnel.DisplayName == tunnel.TunnelId ? "" : tunnel.DisplayName,
            Type = RoleText(role),
            Status = state.Status switch
            {
                TunnelStatus.Stopped or TunnelStatus.Stopping => "stopped",
                TunnelStatus.Faulted => "error",
                _ => "running",
            },
            Url = ToUrl(tunnel, role, showKey),
            Mode = role == TunnelRole.Server ? (int)(snapshot?.Flow is { } flow and not TunnelFlow.Auto ? flow : tunnel.Flow) : 2,
            Ping = snapshot?.PingRtt is { } rtt ? (int)Math.Round(rtt.TotalMilliseconds) : 0,
            Pool = snapshot?.PoolIdle ?? 0,
            Tcps = snapshot?.ActiveTcpConnections ?? state.ActiveConnections,
            Udps = snapshot?.ActiveUdpSessions ?? 0,
            Tcprx = snapshot?.TcpBytesUp ?? state.BytesUp,
            Tcptx = snapshot?.TcpBytesDown ?? state.BytesDown,
            Udprx = snapshot?.UdpBytesUp ?? 0,
            Udptx = snapshot?.UdpBytesDown ?? 0,
        };
    }

    public NodePassInstanceDto FromRelay(RelayConfig relay)
    {
        var state = relayStates.Get(relay);
        var udp = relay.Protocol == RelayProtocol.Udp;
        return new NodePassInstanceDto
        {
            Id = relay.RelayId,
            Alias = relay.DisplayName == relay.RelayId ? "" : relay.DisplayName,
            Type = "client",
            Status = state?.Status switch
            {
                RelayStatus.Stopped or RelayStatus.Stopping => "stopped",
                RelayStatus.Faulted => "error",
                null => relay.Enabled ? "running" : "stopped",
                _ => "running",
            },
            Url = $"client://{relay.Listen}/{string.Join(',', relay.Targets)}?mode=1",
            Mode = 1,
            Tcps = udp ? 0 : state?.ActiveConnections ?? 0,
            Udps = udp ? state?.ActiveConnections ?? 0 : 0,
            Tcprx = udp ? 0 : state?.BytesUp ?? 0,
            Tcptx = udp ? 0 : state?.BytesDown ?? 0,
            Udprx = udp ? state?.BytesUp ?? 0 : 0,
            Udptx = udp ? state?.BytesDown ?? 0 : 0,
        };
    }

    /// <summary>
    /// Parses a NodePass <c>server://</c> or <c>client://</c> URL into one tunnel end on this node. Single-end forwarding
    /// (<c>client://...?mode=1</c>, or a client URL without a key) is refused: that is a relay (<c>/api/v1/relays</c>).
    /// </summary>
    public static bool TryParseUrl(string? url, out TunnelDefinition tunnel, out string error)
    {
        tunnel = null!;
        if (string.IsNullOrWhiteSpace(url))
        {
            error = "A url is required, e.g. server://:10101/127.0.0.1:8080?tls=1.";
            return false;
        }
        url = url.Trim();
        var scheme = url.IndexOf("://", StringComparison.Ordinal) is > 0 and var end ? url[..end].ToLowerInvariant() : "";
        if (scheme is not ("server" or "client"))
        {
            error = "Invalid URL scheme: use server:// or client://.";
            return false;
        }
        if (!RunUrlParser.TryParseRun(url, 0, out var spec, out error)) return false;
        if (spec.Tunnel is not { } config)
        {
            error = "A client instance needs the tunnel key (client://KEY@HOST:PORT/TARGET, mode 0 or 2). Single-end forwarding (mode=1) is a relay: POST /api/v1/relays.";
            return false;
        }
        var endDefinition = new TunnelEndDefinition(null, config.TunnelAddress, config.Targets);
        tunnel = new TunnelDefinition
        {
            TunnelId = "new",
            Key = spec.KeyGenerated ? "" : config.Key, // empty: the store generates one (create) or keeps the stored one (PUT)
            Flow = config.Flow,
            Tls = config.Tls,
            CertificatePath = config.CertificatePath,
            PrivateKeyPath = config.PrivateKeyPath,
            MinPool = config.MinPool,
            MaxPool = config.MaxPool,
            Strategy = config.Strategy,
            IdleTimeout = config.IdleTimeout,
            RateLimitMbps = config.RateLimitMbps,
            ProxyProtocol = config.ProxyProtocol,
            MaxConnections = config.MaxConnections,
            ConnectTimeout = config.ConnectTimeout,
            Server = config.Role == TunnelRole.Server ? endDefinition : null,
            Client = config.Role == TunnelRole.Client ? endDefinition : null,
        };
        error = "";
        return true;
    }

    /// <summary>The end as a NodePass URL; the key is <c>***</c> unless <paramref name="showKey"/>.</summary>
    public static string ToUrl(TunnelDefinition tunnel, TunnelRole role, bool showKey)
    {
        var end = tunnel.GetEnd(role)!;
        var key = showKey ? Uri.EscapeDataString(tunnel.Key) : "***";
        var query = new List<string>();
        if (role == TunnelRole.Server)
        {
            query.Add($"tls={(int)tunnel.Tls}");
            if (tunnel.Tls == TunnelTlsMode.Certificate)
            {
                query.Add($"crt={Uri.EscapeDataString(tunnel.CertificatePath ?? "")}");
                query.Add($"key={Uri.EscapeDataString(tunnel.PrivateKeyPath ?? "")}");
            }
            query.Add($"mode={(int)tunnel.Flow}");
            query.Add(string.Create(CultureInfo.InvariantCulture, $"max={tunnel.MaxPool}"));
        }
        else
        {
            query.Add("mode=2");
            query.Add(string.Create(CultureInfo.InvariantCulture, $"min={tunnel.MinPool}"));
        }
        if (tunnel.IdleTimeout is { } idle) query.Add(FormatDuration("read", idle));
        if (tunnel.RateLimitMbps > 0) query.Add(string.Create(CultureInfo.InvariantCulture, $"rate={tunnel.RateLimitMbps}"));
        if (tunnel.ProxyProtocol) query.Add("proxy=1");
        if (tunnel.MaxConnections is > 0 and var slot) query.Add(string.Create(CultureInfo.InvariantCulture, $"slot={slot}"));
        if (tunnel.ConnectTimeout is { } connect) query.Add(FormatDuration("connect", connect));
        if (tunnel.Strategy == TargetStrategy.RoundRobin) query.Add("strategy=round-robin");
        return $"{RoleText(role)}://{key}@{end.Address}/{string.Join(',', end.Targets)}?{string.Join('&', query)}";
    }

    /// <summary><c>read=30s</c>, <c>read=1500ms</c>: whole seconds when exact, else milliseconds (what <c>relay run</c> parses).</summary>
    private static string FormatDuration(string name, TimeSpan value) => value.TotalMilliseconds % 1000 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{name}={(long)value.TotalSeconds}s")
        : string.Create(CultureInfo.InvariantCulture, $"{name}={(long)value.TotalMilliseconds}ms");

    public static string RoleText(TunnelRole role) => role == TunnelRole.Server ? "server" : "client";
}

/// <summary>What an instance id names: a tunnel end (<see cref="Tunnel"/> and <see cref="Role"/>) or a relay.</summary>
public sealed record InstanceTarget(TunnelDefinition? Tunnel, TunnelRole? Role, RelayConfig? Relay);
