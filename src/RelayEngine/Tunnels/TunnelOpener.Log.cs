using Microsoft.Extensions.Logging;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelOpener
{
    private static partial class Log
    {
        [LoggerMessage(1255, LogLevel.Warning, "Tunnel '{TunnelId}' accept failed; continuing.", EventName = "TunnelAcceptFailed")]
        public static partial void AcceptFailed(ILogger logger, string tunnelId, Exception exception);

        [LoggerMessage(1256, LogLevel.Warning, "Tunnel '{TunnelId}' connection from {Source} got no data connection within {Timeout}; refused.", EventName = "TunnelNoDataConnection")]
        public static partial void NoDataConnection(ILogger logger, string tunnelId, string source, TimeSpan timeout);

        [LoggerMessage(1257, LogLevel.Warning, "Tunnel '{TunnelId}' connection failed unexpectedly.", EventName = "TunnelConnectionFailed")]
        public static partial void ConnectionFailed(ILogger logger, string tunnelId, Exception exception);
    }
}
