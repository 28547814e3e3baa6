namespace RelayWeb.Api.Contracts;

/// <summary>
/// One ledger record in a sync batch: the API's connection shape (<see cref="ConnectionDto"/>) plus <c>seq</c>, the agent's
/// sync sequence number. <c>closeReason</c> is text so a newer agent's reasons never make a batch fail (unknown ones are
/// stored as <c>error</c>); <c>end</c> null means the connection is still open.
/// </summary>
public sealed record SyncRecordDto
{
    /// <summary>The agent's sequence number of this version of the record (1 or more; increasing through the batch).</summary>
    public long Seq { get; init; }

    public Guid Id { get; init; }

    /// <summary>Optional; when present it must equal the batch's <c>agentId</c>.</summary>
    public string? AgentId { get; init; }

    public string? RelayId { get; init; }
    public string? Network { get; init; }
    public string? Source { get; init; }
    public string? Listen { get; init; }
    public string? Target { get; init; }
    public DateTime? Start { get; init; }
    public DateTime? End { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }

    /// <summary>snake_case close reason (<c>client_closed</c>...); null while open.</summary>
    public string? CloseReason { get; init; }

    /// <summary>Optional <c>open</c> or <c>closed</c>; when present it must agree with <c>end</c>.</summary>
    public string? State { get; init; }

    /// <summary>Host, process, chains, rule... when an external source (Mihomo) reported the connection; else absent.</summary>
    public SyncMetadataDto? Metadata { get; init; }
}
