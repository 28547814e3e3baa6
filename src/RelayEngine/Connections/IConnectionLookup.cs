namespace RelayEngine.Connections;

/// <summary>The engine's live connections: read them, close one. History lives in the host's database.</summary>
public interface IConnectionLookup
{
    /// <summary>Open connections with live counters, optionally of one relay.</summary>
    IReadOnlyList<ConnectionSnapshot> GetOpenConnections(string? relayId = null);

    bool TryGetOpenConnection(Guid connectionId, out ConnectionSnapshot snapshot);

    /// <summary>Closes an open connection (reason <see cref="CloseReason.ClosedByAdmin"/>): both sockets are shut down.</summary>
    CloseConnectionResult CloseConnection(Guid connectionId);
}
