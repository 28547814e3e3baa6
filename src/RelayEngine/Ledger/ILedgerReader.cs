using RelayEngine.Connections;

namespace RelayEngine.Ledger;

/// <summary>
/// Reads ledger rows back. Optional (the host registers it beside its <see cref="ILedgerSink"/>): an external source whose
/// connections outlive this process (Mihomo's) uses it at start to resume the rows its previous run left open.
/// </summary>
public interface ILedgerReader
{
    /// <summary>Open rows of <paramref name="relayId"/> recorded by <paramref name="agentId"/>, with their stored counters.</summary>
    Task<IReadOnlyList<ConnectionSnapshot>> GetOpenConnectionsAsync(string agentId, string relayId, CancellationToken cancellationToken);
}
