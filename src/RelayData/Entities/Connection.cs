namespace RelayData.Entities;

/// <summary>One ledger row: a TCP connection or UDP session. Upserted by (Id, AgentId).</summary>
public sealed class Connection
{
    public required Guid Id { get; set; }
    public required string AgentId { get; set; }
    public required string RelayId { get; set; }
    public required string Network { get; set; }          // "tcp" | "udp"
    public required string Source { get; set; }
    public required string Listen { get; set; }
    public string? Target { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime? EndUtc { get; set; }
    public long? DurationMs { get; set; }
    public long BytesUp { get; set; }
    public long BytesDown { get; set; }
    public string? CloseReason { get; set; }              // snake_case CloseReason, null while open
    public bool IsOpen { get; set; }

    // Metadata from an external source (Mihomo); all null for relayed connections. See ConnectionMetadata in RelayEngine.
    public string? InboundType { get; set; }              // Mihomo metadata.type: HTTP, Socks5, Tun...
    public string? Host { get; set; }
    public string? SniffHost { get; set; }
    public string? Process { get; set; }
    public string? ProcessPath { get; set; }
    public string? InboundName { get; set; }
    public string? InboundUser { get; set; }
    public string? DestinationIp { get; set; }
    public int? DestinationPort { get; set; }
    public string? Chains { get; set; }                   // JSON array of proxy/group names, Mihomo's order
    public string? Rule { get; set; }
    public string? RulePayload { get; set; }

    /// <summary>
    /// Sync cursor position: a number from this database's <c>sequences</c> counter, assigned anew every time the row is
    /// written, so every change is later than every change before it. An agent sends rows with <c>SyncSeq</c> above the
    /// cursor the master acknowledged; the master stamps its own numbers on what it stores.
    /// </summary>
    public long SyncSeq { get; set; }
}
