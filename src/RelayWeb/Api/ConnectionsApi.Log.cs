namespace RelayWeb.Api;

public static partial class ConnectionsApi
{
    private static partial class Log
    {
        [LoggerMessage(2210, LogLevel.Information, "Connection {ConnectionId} closed by {Actor}.", EventName = "ConnectionClosedByAdmin")]
        public static partial void ConnectionClosedByAdmin(ILogger logger, Guid connectionId, string actor);
    }
}
