namespace RelayEngine.Ledger;

/// <summary>What the ledger holds for one relay id and agent: bytes by network and the number of rows.</summary>
public sealed record LedgerTotals(long TcpBytesUp, long TcpBytesDown, long UdpBytesUp, long UdpBytesDown, long Connections)
{
    public static LedgerTotals Empty { get; } = new(0, 0, 0, 0, 0);
}
