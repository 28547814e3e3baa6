using RelayEngine.Connections;

namespace RelayWeb.Api.Contracts;

/// <summary>
/// What an external source (Mihomo) reported about a synced connection: every field of the ledger's metadata columns, so
/// the master stores exactly what the agent has. Absent for connections the agent relayed itself.
/// </summary>
public sealed record SyncMetadataDto
{
    public string? Type { get; init; }
    public string? Host { get; init; }
    public string? SniffHost { get; init; }
    public string? Process { get; init; }
    public string? ProcessPath { get; init; }
    public string? InboundName { get; init; }
    public string? InboundUser { get; init; }
    public string? DestinationIp { get; init; }
    public int? DestinationPort { get; init; }
    public IReadOnlyList<string>? Chains { get; init; }
    public string? Rule { get; init; }
    public string? RulePayload { get; init; }

    public static SyncMetadataDto? From(ConnectionMetadata? metadata) => metadata is null ? null : new()
    {
        Type = metadata.Type,
        Host = metadata.Host,
        SniffHost = metadata.SniffHost,
        Process = metadata.Process,
        ProcessPath = metadata.ProcessPath,
        InboundName = metadata.InboundName,
        InboundUser = metadata.InboundUser,
        DestinationIp = metadata.DestinationIp,
        DestinationPort = metadata.DestinationPort,
        Chains = metadata.Chains,
        Rule = metadata.Rule,
        RulePayload = metadata.RulePayload,
    };

    public ConnectionMetadata ToMetadata() => new()
    {
        Type = Type,
        Host = Host,
        SniffHost = SniffHost,
        Process = Process,
        ProcessPath = ProcessPath,
        InboundName = InboundName,
        InboundUser = InboundUser,
        DestinationIp = DestinationIp,
        DestinationPort = DestinationPort,
        Chains = Chains?.Where(c => c is not null).ToArray() ?? [],
        Rule = Rule,
        RulePayload = RulePayload,
    };
}
