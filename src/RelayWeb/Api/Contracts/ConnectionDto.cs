using RelayEngine.Connections;

namespace RelayWeb.Api.Contracts;

/// <summary>
/// One ledger record: a TCP connection or UDP session. <c>closeReason</c> is null while <c>state</c> is <c>open</c>;
/// <c>durationMs</c> of an open connection counts up to now.
/// </summary>
public sealed record ConnectionDto
{
    public const string Open = "open";
    public const string Closed = "closed";

    public required Guid Id { get; init; }
    public required string AgentId { get; init; }
    public required string RelayId { get; init; }

    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public required string Network { get; init; }

    public required string Source { get; init; }
    public required string Listen { get; init; }
    public string? Target { get; init; }
    public required DateTime Start { get; init; }
    public DateTime? End { get; init; }
    public long DurationMs { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }

    /// <summary><c>client_closed</c>, <c>target_closed</c>, <c>idle_timeout</c>, <c>connect_failed</c>, <c>refused_by_limit</c>, <c>closed_by_admin</c>, <c>relay_stopped</c> or <c>error</c>; null while open.</summary>
    public CloseReason? CloseReason { get; init; }

    /// <summary><c>open</c> or <c>closed</c>.</summary>
    public required string State { get; init; }

    /// <summary>Requested host name (Mihomo connections; the sniffed host when no name was requested); null for relays.</summary>
    public string? Host { get; init; }

    /// <summary>Local process that opened the connection (Mihomo), when known.</summary>
    public string? Process { get; init; }

    /// <summary>Proxies and groups the connection went through, in Mihomo's order (outbound first); null for relays.</summary>
    public IReadOnlyList<string>? Chains { get; init; }

    /// <summary>The Mihomo rule that matched (e.g. <c>DomainSuffix</c>) and its argument.</summary>
    public string? Rule { get; init; }

    public string? RulePayload { get; init; }

    /// <summary>Mihomo's inbound type (<c>HTTP</c>, <c>Socks5</c>, <c>Tun</c>...), inbound name and user.</summary>
    public string? InboundType { get; init; }

    public string? InboundName { get; init; }

    public string? InboundUser { get; init; }

    public static ConnectionDto From(ConnectionSnapshot c, DateTime nowUtc) => new()
    {
        Id = c.Id,
        AgentId = c.AgentId,
        RelayId = c.RelayId,
        Network = c.Network,
        Source = c.Source,
        Listen = c.Listen,
        Target = c.Target,
        Start = c.StartUtc,
        End = c.EndUtc,
        DurationMs = Math.Max(0, c.DurationMs(nowUtc)),
        BytesUp = c.BytesUp,
        BytesDown = c.BytesDown,
        CloseReason = c.IsOpen || c.CloseReason == RelayEngine.Connections.CloseReason.None ? null : c.CloseReason,
        State = c.IsOpen ? Open : Closed,
        Host = c.Metadata is { } m ? m.Host ?? m.SniffHost : null,
        Process = c.Metadata?.Process,
        Chains = c.Metadata?.Chains,
        Rule = c.Metadata?.Rule,
        RulePayload = c.Metadata?.RulePayload,
        InboundType = c.Metadata?.Type,
        InboundName = c.Metadata?.InboundName,
        InboundUser = c.Metadata?.InboundUser,
    };
}
