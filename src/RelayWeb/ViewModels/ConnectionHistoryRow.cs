using RelayEngine.Connections;

namespace RelayWeb.ViewModels;

/// <summary>A ledger record as the History grid shows it; property names match the sortable columns.</summary>
public sealed record ConnectionHistoryRow(ConnectionSnapshot Connection, long DurationMs)
{
    public Guid Id => Connection.Id;
    public string RelayId => Connection.RelayId;
    public string Source => Connection.Source;
    public string Target => Connection.Target ?? "";
    public DateTime StartUtc => Connection.StartUtc;
    public DateTime? EndUtc => Connection.EndUtc;
    public long BytesUp => Connection.BytesUp;
    public long BytesDown => Connection.BytesDown;
    public bool IsOpen => Connection.IsOpen;

    public static ConnectionHistoryRow From(ConnectionSnapshot connection, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new ConnectionHistoryRow(connection, connection.DurationMs(nowUtc));
    }
}
