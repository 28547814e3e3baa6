using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

internal sealed partial class UdpRelayListener
{
    // Event ids 1050-1099 (Transport, UDP). Per-datagram events are deliberately absent: datagrams only move counters.
    private static partial class Log
    {
        [LoggerMessage(1050, LogLevel.Information, "UDP relay '{RelayId}' listening on {EndPoint}.", EventName = "UdpListening")]
        public static partial void Listening(ILogger logger, string relayId, IPEndPoint endPoint);

        [LoggerMessage(1051, LogLevel.Information, "UDP relay '{RelayId}' joined multicast group {EndPoint} on the {Interface} interface.", EventName = "UdpListeningMulticast")]
        public static partial void ListeningMulticast(ILogger logger, string relayId, IPEndPoint endPoint, string @interface);

        [LoggerMessage(1052, LogLevel.Information, "UDP relay '{RelayId}' stopped; {Sessions} open sessions closed.", EventName = "UdpStopped")]
        public static partial void Stopped(ILogger logger, string relayId, int sessions);

        [LoggerMessage(1053, LogLevel.Debug, "UDP session {ConnectionId} of relay '{RelayId}' opened for {Client} to {Target}.", EventName = "UdpSessionOpened")]
        public static partial void SessionOpened(ILogger logger, Guid connectionId, string relayId, string client, string? target);

        [LoggerMessage(1054, LogLevel.Debug, "UDP session {ConnectionId} closed: {Reason}; {BytesUp} B up, {BytesDown} B down.", EventName = "UdpSessionClosed")]
        public static partial void SessionClosed(ILogger logger, Guid connectionId, CloseReason reason, long bytesUp, long bytesDown);

        [LoggerMessage(1055, LogLevel.Debug, "UDP relay '{RelayId}' refused a session for {Client}: the limit of {MaxConnections} sessions is reached.", EventName = "UdpSessionRefused")]
        public static partial void SessionRefused(ILogger logger, string relayId, string client, int maxConnections);

        [LoggerMessage(1056, LogLevel.Debug, "UDP session {ConnectionId}: target {Target} is unreachable ({SocketError}); moved to {NextTarget}.", EventName = "UdpFailedOver")]
        public static partial void FailedOver(ILogger logger, Guid connectionId, string target, SocketError socketError, string nextTarget);

        [LoggerMessage(1057, LogLevel.Debug, "UDP session {ConnectionId}: target {Target} is unreachable ({SocketError}) and no other target is left.", EventName = "UdpTargetsExhausted")]
        public static partial void TargetsExhausted(ILogger logger, Guid connectionId, string target, SocketError socketError);

        [LoggerMessage(1058, LogLevel.Debug, "UDP session {ConnectionId}: target {Target} is unreachable ({SocketError}).", EventName = "UdpTargetUnreachable")]
        public static partial void TargetUnreachable(ILogger logger, Guid connectionId, string target, SocketError socketError);

        [LoggerMessage(1059, LogLevel.Warning, "UDP session {ConnectionId} of relay '{RelayId}' hit an unexpected error.", EventName = "UdpSessionFailed")]
        public static partial void SessionFailed(ILogger logger, Guid connectionId, string relayId, Exception? exception);

        [LoggerMessage(1060, LogLevel.Debug, "UDP relay '{RelayId}': the listening socket reported {SocketError}; receiving goes on.", EventName = "UdpListenerSocketReset")]
        public static partial void ListenerSocketReset(ILogger logger, string relayId, SocketError socketError);

        [LoggerMessage(1061, LogLevel.Warning, "UDP relay '{RelayId}' failed to receive; retrying ({Suppressed} more failures since the last report).", EventName = "UdpReceiveFailed")]
        public static partial void ReceiveFailed(ILogger logger, string relayId, int suppressed, Exception exception);

        [LoggerMessage(1062, LogLevel.Warning, "UDP relay '{RelayId}' could not relay a datagram ({Suppressed} more failures since the last report).", EventName = "UdpDatagramFailed")]
        public static partial void DatagramFailed(ILogger logger, string relayId, int suppressed, Exception exception);

        [LoggerMessage(1063, LogLevel.Warning, "UDP relay '{RelayId}' could not resolve target {Target}.", EventName = "UdpTargetResolveFailed")]
        public static partial void TargetResolveFailed(ILogger logger, string relayId, string target, Exception exception);

        [LoggerMessage(1064, LogLevel.Error, "UDP relay '{RelayId}': the idle sweep failed.", EventName = "UdpSweepFailed")]
        public static partial void SweepFailed(ILogger logger, string relayId, Exception exception);
    }
}
