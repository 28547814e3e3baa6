using RelayEngine.Connections;

namespace RelayEngine.Ledger;

/// <summary>
/// Reads ledger rows back. Optional (the host registers it beside its <see cref="ILedgerSink"/>): an external source whose
/// connections outlive this process (Mihomo's) uses it at start to resume the rows its previous run left open, and a tunnel
/// end to carry its traffic counters over from earlier runs.
/// </summary>
public interface ILedgerReader
{
    /// <summary>Open rows of <paramref name="relayId"/> recorded by <paramref name="agentId"/>, with their stored counters.</summary>
    Task<IReadOnlyList<ConnectionSnapshot>> GetOpenConnectionsAsync(string agentId, string relayId, CancellationToken cancellationToken);

    /// <summary>
    /// Bytes and rows of <paramref name="relayId"/> recorded by <paramref name="agentId"/> for connections that started before
    /// <paramref name="beforeUtc"/> (earlier runs). Readers that cannot sum report <see cref="LedgerTotals.Empty"/>.
    /// </summary>
    Task<LedgerTotals> GetTotalsAsync(string agentId, string relayId, DateTime beforeUtc, CancellationToken cancellationToken) =>
        Task.FromResult(LedgerTotals.Empty);
}
