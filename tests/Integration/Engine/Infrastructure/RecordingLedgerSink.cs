using System.Collections.Concurrent;
using RelayEngine.Connections;
using RelayEngine.Ledger;

namespace RelayWeb.IntegrationTests.Engine.Infrastructure;

/// <summary>Keeps the latest record of each connection in memory, as a database upsert would.</summary>
internal sealed class RecordingLedgerSink : ILedgerSink
{
    private readonly ConcurrentDictionary<Guid, ConnectionSnapshot> _records = new();

    public IReadOnlyCollection<ConnectionSnapshot> Records => _records.Values.ToArray();

    public Task WriteAsync(IReadOnlyList<ConnectionSnapshot> batch, CancellationToken cancellationToken)
    {
        foreach (var record in batch) _records[record.Id] = record;
        return Task.CompletedTask;
    }
}
