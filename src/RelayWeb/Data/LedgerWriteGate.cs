namespace RelayWeb.Data;

/// <summary>
/// One writer at a time on the ledger, inside the process. SQLite allows one write transaction per database; a second
/// writer gets SQLITE_BUSY and Microsoft.Data.Sqlite retries it after sleeping, which on a busy master (the ledger writer
/// plus several agents syncing) turned 20 ms batches into 150-300 ms waits. Queueing here instead hands the lock over at once.
/// Writers of other processes (none in normal use) still fall back on the busy timeout.
/// </summary>
public sealed class LedgerWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate; dispose the result to release it.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
