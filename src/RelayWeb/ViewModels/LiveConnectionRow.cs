using RelayEngine.Connections;

namespace RelayWeb.ViewModels;

/// <summary>
/// One row of a live connection list: the latest snapshot, plus when the page saw it close (closed rows stay a few
/// seconds, marked closed with their final bytes, before they leave the list).
/// </summary>
public sealed record LiveConnectionRow(ConnectionSnapshot Connection, DateTime? ClosedSeenUtc = null)
{
    public Guid Id => Connection.Id;
    public string RelayId => Connection.RelayId;
    public string Source => Connection.Source;
    public string Target => Connection.Target ?? "";
    public DateTime StartUtc => Connection.StartUtc;
    public long BytesUp => Connection.BytesUp;
    public long BytesDown => Connection.BytesDown;
    public bool IsClosed => ClosedSeenUtc is not null || !Connection.IsOpen;

    public TimeSpan Duration(DateTime nowUtc) => (Connection.EndUtc ?? nowUtc) - Connection.StartUtc;
}
