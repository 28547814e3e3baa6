using System.Net;
using Microsoft.Extensions.Logging;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>The log events of a TCP relay, shared by its two data paths (<see cref="TcpRelayListener"/> and <see cref="Epoll.EpollTcpRelayListener"/>).</summary>
internal static partial class TcpRelayLog
{
    [LoggerMessage(1000, LogLevel.Information, "Relay '{RelayId}' listening on tcp://{EndPoint}.", EventName = "RelayListening")]
    public static partial void Listening(ILogger logger, string relayId, EndPoint endPoint);

    [LoggerMessage(1001, LogLevel.Debug, "Relay '{RelayId}' connection {ConnectionId} closed: {Reason}; {BytesUp} B up, {BytesDown} B down.", EventName = "ConnectionClosed", SkipEnabledCheck = true)]
    public static partial void ConnectionClosed(ILogger logger, string relayId, Guid connectionId, CloseReason reason, long bytesUp, long bytesDown);

    [LoggerMessage(1002, LogLevel.Warning, "Relay '{RelayId}' could not connect to target {Target}: {Error}.", EventName = "TargetConnectFailed")]
    public static partial void TargetConnectFailed(ILogger logger, string relayId, string target, string error);

    [LoggerMessage(1003, LogLevel.Debug, "Relay '{RelayId}' refused {Source}: limit of {MaxConnections} connections reached.", EventName = "ConnectionRefused")]
    public static partial void Refused(ILogger logger, string relayId, string source, int maxConnections);

    [LoggerMessage(1004, LogLevel.Warning, "Relay '{RelayId}' connection {ConnectionId} failed unexpectedly.", EventName = "ConnectionFailed")]
    public static partial void ConnectionFailed(ILogger logger, string relayId, Guid connectionId, Exception exception);

    [LoggerMessage(1005, LogLevel.Warning, "Relay '{RelayId}' accept failed; continuing.", EventName = "AcceptFailed")]
    public static partial void AcceptFailed(ILogger logger, string relayId, Exception exception);

    [LoggerMessage(1006, LogLevel.Information, "Relay '{RelayId}' stopped listening.", EventName = "RelayStoppedListening")]
    public static partial void Stopped(ILogger logger, string relayId);

    [LoggerMessage(1007, LogLevel.Warning, "Relay '{RelayId}' accept failed: {Error}; pausing accepts for {Pause}.", EventName = "AcceptPaused")]
    public static partial void AcceptPaused(ILogger logger, string relayId, string error, TimeSpan pause);
}
