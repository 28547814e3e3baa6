using RelayEngine.Connections;

namespace RelayEngine.Ledger;

/// <summary>Discards records; the default until a host registers a real sink.</summary>
public sealed class NullLedgerSink : ILedgerSink
{
    public Task WriteAsync(IReadOnlyList<ConnectionSnapshot> batch, CancellationToken cancellationToken) => Task.CompletedTask;
}
