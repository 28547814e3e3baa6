using RelayEngine.Connections;

namespace RelayEngine.Ledger;

/// <summary>
/// Where connection records are persisted (the host's database). Called from one background loop, never from the data path,
/// with batches in which each connection appears once (its latest snapshot). Must upsert by <see cref="ConnectionSnapshot.Id"/>,
/// so a retried batch changes nothing. Throwing makes the engine retry the same batch with backoff.
/// </summary>
public interface ILedgerSink
{
    Task WriteAsync(IReadOnlyList<ConnectionSnapshot> batch, CancellationToken cancellationToken);
}
