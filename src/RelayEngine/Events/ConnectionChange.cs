using RelayEngine.Connections;

namespace RelayEngine.Events;

/// <summary>
/// A change to the set of open connections. <see cref="ChangeKind.Remove"/> carries the final (closed) snapshot;
/// <see cref="ChangeKind.Resync"/> carries none and is followed in its batch by one Upsert per open connection.
/// </summary>
public sealed record ConnectionChange(ChangeKind Kind, ConnectionSnapshot? Connection)
{
    public static ConnectionChange Resync { get; } = new(ChangeKind.Resync, null);
}
