using RelayEngine.Configuration;
using RelayEngine.Tunnels;
using RelayWeb.Master;
using RelayWeb.Services;

namespace RelayWeb.ViewModels;

/// <summary>One tunnel on the Tunnels page: its settings and both ends with their live state.</summary>
public sealed record TunnelCardViewModel
{
    public required TunnelDefinition Tunnel { get; init; }
    public string TunnelId => Tunnel.TunnelId;
    public string Name => Tunnel.DisplayName;
    public required TunnelEndViewModel? Server { get; init; }
    public required TunnelEndViewModel? Client { get; init; }

    public string FlowLabel => Tunnel.Flow switch
    {
        TunnelFlow.Reverse => "Reverse · users connect at the server",
        TunnelFlow.Forward => "Forward · users connect at the client",
        _ => (Server?.Snapshot?.Flow ?? Client?.Snapshot?.Flow) switch
        {
            TunnelFlow.Reverse => "Auto → reverse",
            TunnelFlow.Forward => "Auto → forward",
            _ => "Auto",
        },
    };

    public string TlsLabel => Tunnel.Tls switch
    {
        TunnelTlsMode.SelfSigned => "TLS · self-signed",
        TunnelTlsMode.Certificate => "TLS · certificate",
        _ => "No TLS",
    };

    /// <summary>NodePass's rate, slot and read when set (<c> · 100 Mbit/s · 50 slots · idle 10m</c>); empty otherwise.</summary>
    public string LimitsLabel
    {
        get
        {
            var parts = new List<string>();
            if (Tunnel.RateLimitMbps > 0) parts.Add($"{Tunnel.RateLimitMbps} Mbit/s");
            if (Tunnel.MaxConnections is > 0 and var slot) parts.Add($"{slot} slots");
            if (Tunnel.IdleTimeout is { } idle) parts.Add($"idle {DisplayFormat.Duration(idle)}");
            return parts.Count == 0 ? "" : " · " + string.Join(" · ", parts);
        }
    }

    /// <summary>The worst state of its ends: what the card's badge says.</summary>
    public TunnelStatus Status
    {
        get
        {
            var ends = new[] { Server, Client }.OfType<TunnelEndViewModel>().Select(e => e.Status).ToArray();
            if (ends.Length == 0) return TunnelStatus.Stopped;
            if (ends.Contains(TunnelStatus.Faulted)) return TunnelStatus.Faulted;
            if (ends.All(s => s == TunnelStatus.Connected)) return TunnelStatus.Connected;
            if (ends.All(s => s is TunnelStatus.Stopped or TunnelStatus.Stopping)) return TunnelStatus.Stopped;
            return ends.First(s => s != TunnelStatus.Connected);
        }
    }

    /// <summary>User connections through the tunnel: each is open at both ends, so the busier end counts.</summary>
    public int ActiveConnections => Math.Max(Server?.State.ActiveConnections ?? 0, Client?.State.ActiveConnections ?? 0);

    public static TunnelCardViewModel From(TunnelDefinition tunnel, TunnelPlacementStates states) => new()
    {
        Tunnel = tunnel,
        Server = tunnel.Server is { } s ? new TunnelEndViewModel(TunnelRole.Server, s, states.Get(tunnel, TunnelRole.Server)!, tunnel.Flow) : null,
        Client = tunnel.Client is { } c ? new TunnelEndViewModel(TunnelRole.Client, c, states.Get(tunnel, TunnelRole.Client)!, tunnel.Flow) : null,
    };

    public static string StatusText(TunnelStatus status) => status switch
    {
        TunnelStatus.WaitingForClient => "Waiting for client",
        TunnelStatus.Connected => "Connected",
        TunnelStatus.Connecting => "Connecting",
        TunnelStatus.Reconnecting => "Reconnecting",
        TunnelStatus.Faulted => "Faulted",
        TunnelStatus.Stopped => "Stopped",
        TunnelStatus.Stopping => "Stopping",
        _ => "Starting",
    };

    public static string StatusTone(TunnelStatus status) => status switch
    {
        TunnelStatus.Connected => "good",
        TunnelStatus.Faulted => "bad",
        TunnelStatus.Stopped or TunnelStatus.Stopping => "neutral",
        _ => "info",
    };
}

/// <summary>One end of a tunnel card.</summary>
public sealed record TunnelEndViewModel(TunnelRole Role, TunnelEndDefinition End, TunnelEndState State, TunnelFlow Flow)
{
    public TunnelSnapshot? Snapshot => State.Snapshot;
    public TunnelStatus Status => State.Status;
    public string RoleLabel => Role == TunnelRole.Server ? "Server end" : "Client end";
    public string RunsOn => End.AgentId is null ? "this node" : End.AgentId;
    public bool IsRemote => End.AgentId is not null;

    /// <summary>What the address means at this end.</summary>
    public string AddressLabel => Role == TunnelRole.Server ? "listens for the client on" : "dials the server at";

    /// <summary>
    /// What the targets mean here: where users connect (server in reverse flow, client in forward flow) or where this end
    /// sends connections. In auto flow the resolved flow decides once known.
    /// </summary>
    public string TargetsLabel
    {
        get
        {
            var flow = Snapshot?.Flow is { } f and not TunnelFlow.Auto ? f : Flow;
            if (flow == TunnelFlow.Auto) return "targets";
            var listens = (Role == TunnelRole.Server) == (flow == TunnelFlow.Reverse);
            return listens ? "users connect at" : "sends to";
        }
    }

    // From the end's state, not the snapshot: an end on an agent has no snapshot here, only what its heartbeat reports.
    public string? PingLabel => State.PingRtt is { } rtt ? $"{rtt.TotalMilliseconds:0.#} ms" : null;

    // The capacity is the client end's pool target, which a server end learns from the client's heartbeat; until then
    // it is unknown, not zero.
    public string PoolLabel => State.PoolIdle switch
    {
        null => "—",
        var idle when State.PoolCapacity is > 0 => $"{idle} idle / {State.PoolCapacity}",
        var idle => $"{idle} idle",
    };

    public string? HitRateLabel => State.PoolHitRate is { } rate ? $"{rate:P0} hit" : null;
}
