namespace RelayData.Entities;

/// <summary>
/// What the NodePass-compatible API knows about one instance that Relay's own tables have no place for: its auto-start
/// policy (NodePass <c>restart</c>), the UDP half of a single-end forward, and the counters at its last <c>reset</c>.
/// No row means the defaults: no auto-start policy, no UDP half, nothing reset.
/// </summary>
public sealed class NodePassInstance
{
    public long Key { get; set; }

    /// <summary>
    /// The instance's ledger relay id, which outlives changes to the tunnel around it: a tunnel end's
    /// <c>{tunnelId}:server</c> or <c>{tunnelId}:client</c>, or the TCP relay of a single-end forward.
    /// </summary>
    public required string RelayId { get; set; }

    /// <summary>
    /// NodePass <c>restart</c>: true starts the instance when the master starts, false leaves it stopped; null (never set)
    /// keeps whatever state it had, as for everything made outside the NodePass API.
    /// </summary>
    public bool? AutoStart { get; set; }

    /// <summary>A single-end forward (<c>client://...?mode=1</c>) is a TCP and a UDP relay; this is the UDP one.</summary>
    public string? UdpRelayId { get; set; }

    /// <summary>The cumulative counters when the instance was last reset; reported counters are the live ones minus these.</summary>
    public long TcpRxOffset { get; set; }
    public long TcpTxOffset { get; set; }
    public long UdpRxOffset { get; set; }
    public long UdpTxOffset { get; set; }

    public DateTime UpdatedUtc { get; set; }
}
