using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelClient
{
    private static partial class Log
    {
        [LoggerMessage(1220, LogLevel.Information, "Tunnel '{TunnelId}' connected to server {Server} ({Flow}, tls {Tls}, session {SessionId}).", EventName = "TunnelConnected")]
        public static partial void Connected(ILogger logger, string tunnelId, string server, TunnelFlow flow, TunnelTlsMode tls, Guid sessionId);

        [LoggerMessage(1221, LogLevel.Warning, "Tunnel '{TunnelId}': {Reason}; reconnecting in {Delay}.", EventName = "TunnelReconnecting")]
        public static partial void Reconnecting(ILogger logger, string tunnelId, string reason, TimeSpan delay);

        [LoggerMessage(1222, LogLevel.Information, "Tunnel '{TunnelId}' client listening on {EndPoint} (forward flow).", EventName = "TunnelClientListening")]
        public static partial void ListeningLocally(ILogger logger, string tunnelId, string endPoint);

        [LoggerMessage(1223, LogLevel.Debug, "Tunnel '{TunnelId}' could not open a data connection: {Error}.", EventName = "TunnelDataDialFailed")]
        public static partial void DataDialFailed(ILogger logger, string tunnelId, string error);

        [LoggerMessage(1224, LogLevel.Error, "Tunnel '{TunnelId}' client cannot run: {Reason}", EventName = "TunnelClientFaulted")]
        public static partial void Faulted(ILogger logger, string tunnelId, string reason);

        [LoggerMessage(1225, LogLevel.Information, "Tunnel '{TunnelId}' client stopped.", EventName = "TunnelClientStopped")]
        public static partial void Stopped(ILogger logger, string tunnelId);
    }
}
