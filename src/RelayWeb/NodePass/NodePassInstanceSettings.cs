namespace RelayWeb.NodePass;

/// <summary>
/// The NodePass-only facts of one instance (stored in <c>nodepass_instances</c>), keyed by its ledger relay id
/// (<see cref="InstanceTarget.LedgerRelayId"/>). <see cref="Defaults"/> stands for an instance with no row.
/// </summary>
public sealed record NodePassInstanceSettings(string RelayId)
{
    /// <summary>NodePass <c>restart</c>; null: never set, the instance keeps whatever state it had when the master stopped.</summary>
    public bool? AutoStart { get; init; }

    /// <summary>The UDP relay of a single-end forward whose TCP relay is <see cref="RelayId"/>.</summary>
    public string? UdpRelayId { get; init; }

    /// <summary>Counters at the last <c>reset</c> action.</summary>
    public NodePassCounters ResetOffsets { get; init; } = NodePassCounters.Zero;

    public static NodePassInstanceSettings Defaults(string relayId) => new(relayId);
}

/// <summary>NodePass's four cumulative byte counters.</summary>
public sealed record NodePassCounters(long TcpRx, long TcpTx, long UdpRx, long UdpTx)
{
    public static readonly NodePassCounters Zero = new(0, 0, 0, 0);

    /// <summary>What is left after a reset at <paramref name="offsets"/>; never negative (a counter that went back resets too).</summary>
    public NodePassCounters Minus(NodePassCounters offsets) => new(
        Math.Max(0, TcpRx - offsets.TcpRx), Math.Max(0, TcpTx - offsets.TcpTx), Math.Max(0, UdpRx - offsets.UdpRx), Math.Max(0, UdpTx - offsets.UdpTx));
}
