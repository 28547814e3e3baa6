using Microsoft.Extensions.Logging;

namespace RelayEngine.Mihomo;

internal sealed partial class MihomoConnectionSource
{
    // Event ids 1400-1429 (Mihomo source); 1430-1449 are the tracker's.
    private static partial class Log
    {
        [LoggerMessage(1400, LogLevel.Debug, "Connecting to the Mihomo controller at {Endpoint} (/connections WebSocket).", EventName = "MihomoConnecting")]
        public static partial void Connecting(ILogger logger, string endpoint);

        [LoggerMessage(1401, LogLevel.Information, "Connected to the Mihomo controller at {Endpoint}; a snapshot every {IntervalMs} ms ({Known} connection(s) known).", EventName = "MihomoConnected")]
        public static partial void Connected(ILogger logger, string endpoint, long intervalMs, int known);

        [LoggerMessage(EventId = 1402, Message = "Mihomo rejected the secret (HTTP 401) at {Endpoint}: check --mihomo-token (Relay:Mihomo:Token). Retrying in {DelayMs} ms.", EventName = "MihomoSecretRejected")]
        public static partial void SecretRejected(ILogger logger, LogLevel level, string endpoint, long delayMs);

        [LoggerMessage(EventId = 1403, Message = "{Reason} (controller {Endpoint}). Retrying in {DelayMs} ms.", EventName = "MihomoUnreachable")]
        public static partial void Unreachable(ILogger logger, LogLevel level, string endpoint, string reason, long delayMs);

        [LoggerMessage(EventId = 1404, Message = "The Mihomo controller at {Endpoint} sent a malformed snapshot ({Reason}); reconnecting in {DelayMs} ms.", EventName = "MihomoMalformedSnapshot")]
        public static partial void MalformedSnapshot(ILogger logger, LogLevel level, string endpoint, string reason, long delayMs);

        [LoggerMessage(EventId = 1405, Message = "Lost the Mihomo controller at {Endpoint} ({Reason}); keeping {Count} connection(s) open for up to {GraceSeconds} s. Reconnecting in {DelayMs} ms.", EventName = "MihomoLost")]
        public static partial void Lost(ILogger logger, LogLevel level, string endpoint, string reason, int count, double graceSeconds, long delayMs);

        [LoggerMessage(1406, LogLevel.Warning, "The Mihomo controller at {Endpoint} stayed away longer than the {GraceSeconds} s grace period: closed {Count} connection(s) with their last counters (reason source_lost).", EventName = "MihomoGracePeriodEnded")]
        public static partial void GracePeriodEnded(ILogger logger, string endpoint, double graceSeconds, int count);

        [LoggerMessage(1407, LogLevel.Trace, "Mihomo snapshot: {Opened} opened, {Updated} updated, {Closed} closed, {Open} open.", EventName = "MihomoSnapshotApplied")]
        public static partial void SnapshotApplied(ILogger logger, int opened, int updated, int closed, int open);

        [LoggerMessage(1408, LogLevel.Information, "Asked Mihomo to close connection {ConnectionId} (DELETE /connections/{{id}}: HTTP {StatusCode}).", EventName = "MihomoCloseSent")]
        public static partial void CloseSent(ILogger logger, Guid connectionId, int statusCode);

        [LoggerMessage(1409, LogLevel.Warning, "Could not ask Mihomo to close connection {ConnectionId}: {Reason}. Retrying while Mihomo still lists it.", EventName = "MihomoCloseFailed")]
        public static partial void CloseFailed(ILogger logger, Guid connectionId, string reason, Exception? exception);

        [LoggerMessage(1411, LogLevel.Error, "Unexpected error while reading the Mihomo controller at {Endpoint}; reconnecting.", EventName = "MihomoSessionFailed")]
        public static partial void SessionFailed(ILogger logger, string endpoint, Exception exception);

        [LoggerMessage(1410, LogLevel.Warning, "Could not read the Mihomo connections the previous run left open (relay '{RelayId}'); they stay as stored.", EventName = "MihomoResumeFailed")]
        public static partial void ResumeFailed(ILogger logger, string relayId, Exception exception);
    }
}
