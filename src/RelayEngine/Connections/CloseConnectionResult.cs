namespace RelayEngine.Connections;

public enum CloseConnectionResult
{
    Closed,
    NotFound,
    AlreadyClosed,
}
