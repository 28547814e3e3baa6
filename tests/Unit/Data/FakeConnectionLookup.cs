using System.Collections.Concurrent;
using RelayEngine.Connections;

namespace RelayWeb.UnitTests.Data;

/// <summary>The engine's live connections, as a test sets them.</summary>
internal sealed class FakeConnectionLookup : IConnectionLookup
{
    private readonly ConcurrentDictionary<Guid, ConnectionSnapshot> _open = new();

    public void SetOpen(ConnectionSnapshot snapshot) => _open[snapshot.Id] = snapshot;

    public IReadOnlyList<ConnectionSnapshot> GetOpenConnections(string? relayId = null) =>
        _open.Values.Where(c => relayId is null || c.RelayId == relayId).ToList();

    public bool TryGetOpenConnection(Guid connectionId, out ConnectionSnapshot snapshot) =>
        _open.TryGetValue(connectionId, out snapshot!);

    public CloseConnectionResult CloseConnection(Guid connectionId) =>
        _open.TryRemove(connectionId, out _) ? CloseConnectionResult.Closed : CloseConnectionResult.NotFound;
}
