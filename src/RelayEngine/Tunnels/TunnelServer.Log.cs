using Microsoft.Extensions.Logging;
using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelServer
{
    private static partial class Log
    {
        [LoggerMessage(1200, LogLevel.Information, "Tunnel '{TunnelId}' server listening on {TunnelEndPoint} ({Flow}; users/targets {Targets}; tls {Tls}).", EventName = "TunnelServerListening")]
        public static partial void Listening(ILogger logger, string tunnelId, string tunnelEndPoint, TunnelFlow flow, string targets, TunnelTlsMode tls);

        [LoggerMessage(1201, LogLevel.Information, "Tunnel '{TunnelId}' client {Peer} connected (session {SessionId}).", EventName = "TunnelClientConnected")]
        public static partial void ClientConnected(ILogger logger, string tunnelId, string peer, Guid sessionId);

        [LoggerMessage(1202, LogLevel.Warning, "Tunnel '{TunnelId}' lost client {Peer}: {Reason}. The public listener stays up.", EventName = "TunnelClientLost")]
        public static partial void ClientLost(ILogger logger, string tunnelId, string peer, string reason);

        [LoggerMessage(1203, LogLevel.Warning, "Tunnel '{TunnelId}' refused {Peer}: wrong tunnel key ({Failures} failures from this address).", EventName = "TunnelAuthFailed")]
        public static partial void AuthFailed(ILogger logger, string tunnelId, string peer, int failures);

        [LoggerMessage(1204, LogLevel.Debug, "Tunnel '{TunnelId}' handshake with {Peer} failed: {Error}.", EventName = "TunnelHandshakeFailed")]
        public static partial void HandshakeFailed(ILogger logger, string tunnelId, string peer, string error);

        [LoggerMessage(1205, LogLevel.Warning, "Tunnel '{TunnelId}' handshake with {Peer} failed unexpectedly.", EventName = "TunnelHandshakeError")]
        public static partial void HandshakeError(ILogger logger, string tunnelId, string peer, Exception exception);

        [LoggerMessage(1206, LogLevel.Warning, "Tunnel '{TunnelId}' accept failed; continuing.", EventName = "TunnelServerAcceptFailed")]
        public static partial void AcceptFailed(ILogger logger, string tunnelId, Exception exception);

        [LoggerMessage(1207, LogLevel.Information, "Tunnel '{TunnelId}' server stopped.", EventName = "TunnelServerStopped")]
        public static partial void Stopped(ILogger logger, string tunnelId);
    }
}
