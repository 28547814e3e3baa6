namespace RelayEngine.Connections;

/// <summary>
/// What an external source knows about a connection beyond the ledger's own fields: for Mihomo (Clash Meta), its
/// <c>metadata</c> plus <c>chains</c>, <c>rule</c> and <c>rulePayload</c>. Connections relayed by this engine have none
/// (<see cref="ConnectionSnapshot.Metadata"/> is null). Immutable; value equality compares <see cref="Chains"/> element
/// by element.
/// </summary>
public sealed record ConnectionMetadata
{
    /// <summary>The inbound type (Mihomo <c>metadata.type</c>: <c>HTTP</c>, <c>Socks5</c>, <c>Tun</c>, <c>Redir</c>...).</summary>
    public string? Type { get; init; }

    /// <summary>The requested host name (Mihomo <c>metadata.host</c>); null when the client asked for an IP.</summary>
    public string? Host { get; init; }

    /// <summary>The host name found by sniffing TLS SNI or HTTP Host (Mihomo <c>metadata.sniffHost</c>).</summary>
    public string? SniffHost { get; init; }

    /// <summary>The local process that opened the connection (Mihomo <c>metadata.process</c>), when Mihomo finds it.</summary>
    public string? Process { get; init; }

    /// <summary>Full path of <see cref="Process"/> (Mihomo <c>metadata.processPath</c>).</summary>
    public string? ProcessPath { get; init; }

    /// <summary>Name of the inbound listener (Mihomo <c>metadata.inboundName</c>).</summary>
    public string? InboundName { get; init; }

    /// <summary>Authenticated user of the inbound (Mihomo <c>metadata.inboundUser</c>).</summary>
    public string? InboundUser { get; init; }

    /// <summary>Destination IP (Mihomo <c>metadata.destinationIP</c>); may be empty before DNS resolution.</summary>
    public string? DestinationIp { get; init; }

    /// <summary>Destination port (Mihomo <c>metadata.destinationPort</c>, sent as a string).</summary>
    public int? DestinationPort { get; init; }

    /// <summary>Proxies and groups the connection went through, in Mihomo's order (outbound proxy first, matched group last).</summary>
    public IReadOnlyList<string> Chains { get; init; } = [];

    /// <summary>The rule that matched (Mihomo <c>rule</c>, e.g. <c>DomainSuffix</c>, <c>Match</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>The rule's argument (Mihomo <c>rulePayload</c>, e.g. <c>example.com</c>).</summary>
    public string? RulePayload { get; init; }

    public bool Equals(ConnectionMetadata? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        return Type == other.Type
            && Host == other.Host
            && SniffHost == other.SniffHost
            && Process == other.Process
            && ProcessPath == other.ProcessPath
            && InboundName == other.InboundName
            && InboundUser == other.InboundUser
            && DestinationIp == other.DestinationIp
            && DestinationPort == other.DestinationPort
            && Chains.SequenceEqual(other.Chains, StringComparer.Ordinal)
            && Rule == other.Rule
            && RulePayload == other.RulePayload;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Host);
        hash.Add(SniffHost);
        hash.Add(Process);
        hash.Add(DestinationIp);
        hash.Add(DestinationPort);
        foreach (var chain in Chains) hash.Add(chain, StringComparer.Ordinal);
        hash.Add(Rule);
        hash.Add(RulePayload);
        return hash.ToHashCode();
    }
}
