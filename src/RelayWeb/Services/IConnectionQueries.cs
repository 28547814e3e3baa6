using RelayEngine.Connections;

namespace RelayWeb.Services;

/// <summary>
/// Reads the ledger (history in the database). Open connections are overlaid with the engine's live counters, so an open
/// row never shows stale bytes.
/// </summary>
public interface IConnectionQueries
{
    Task<ConnectionPage> QueryAsync(ConnectionQuery query, CancellationToken cancellationToken = default);

    Task<ConnectionSnapshot?> GetAsync(Guid connectionId, CancellationToken cancellationToken = default);

    /// <summary>Every row matching <paramref name="query"/> (ignoring paging), for CSV export; streamed.</summary>
    IAsyncEnumerable<ConnectionSnapshot> ExportAsync(ConnectionQuery query, CancellationToken cancellationToken = default);
}
