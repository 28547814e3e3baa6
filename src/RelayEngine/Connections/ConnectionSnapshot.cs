namespace RelayEngine.Connections;

/// <summary>
/// One ledger record: a TCP connection or a UDP session through a relay. Immutable; the engine produces a
/// new snapshot when the connection opens, at most once a second while its counters move, and when it closes.
/// </summary>
public sealed record ConnectionSnapshot
{
    public required Guid Id { get; init; }

    /// <summary>The node that saw the connection (<see cref="Management.RelayEngineOptions.AgentId"/>).</summary>
    public required string AgentId { get; init; }

    public required string RelayId { get; init; }

    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public required string Network { get; init; }

    /// <summary>Client address, <c>IP:PORT</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The relay's listen address the client reached.</summary>
    public required string Listen { get; init; }

    /// <summary>The chosen target (for fan-out, every target comma-separated); null before one was chosen.</summary>
    public string? Target { get; init; }

    public required DateTime StartUtc { get; init; }
    public DateTime? EndUtc { get; init; }

    /// <summary>Client → target bytes.</summary>
    public long BytesUp { get; init; }

    /// <summary>Target → client bytes.</summary>
    public long BytesDown { get; init; }

    public CloseReason CloseReason { get; init; }

    /// <summary>
    /// What an external source (Mihomo) reported about the connection: host, process, chains, rule...; null for
    /// connections relayed by this engine.
    /// </summary>
    public ConnectionMetadata? Metadata { get; init; }

    public bool IsOpen => EndUtc is null;

    public long DurationMs(DateTime nowUtc) => (long)((EndUtc ?? nowUtc) - StartUtc).TotalMilliseconds;
}
