using Microsoft.Extensions.Logging;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelAcceptor
{
    private static partial class Log
    {
        [LoggerMessage(1250, LogLevel.Warning, "Tunnel '{TunnelId}' could not connect to target {Target}: {Error}.", EventName = "TunnelTargetConnectFailed")]
        public static partial void TargetConnectFailed(ILogger logger, string tunnelId, string target, string error);

        [LoggerMessage(1251, LogLevel.Warning, "Tunnel '{TunnelId}' data connection failed unexpectedly.", EventName = "TunnelDataConnectionFailed")]
        public static partial void DataConnectionFailed(ILogger logger, string tunnelId, Exception exception);
    }
}
