namespace RelayEngine.Ledger;

public interface ILedgerStatistics
{
    LedgerStatistics GetStatistics();
}
