namespace RelayWeb.Cli;

internal sealed partial class ConsoleConnectionReporter
{
    private static partial class Log
    {
        [LoggerMessage(2100, LogLevel.Information, "[new] {Network} {Source} -> {Target} (relay {RelayId}, id {ConnectionId})", EventName = "ConsoleConnectionOpened")]
        public static partial void Opened(ILogger logger, string network, string source, string target, string relayId, Guid connectionId);

        [LoggerMessage(2101, LogLevel.Information, "[closed] {ConnectionId} up {BytesUp} B, down {BytesDown} B, {Reason}, {DurationMs} ms", EventName = "ConsoleConnectionClosed")]
        public static partial void Closed(ILogger logger, Guid connectionId, long bytesUp, long bytesDown, string reason, long durationMs);

        [LoggerMessage(2102, LogLevel.Information, "[new] {Network} {Source} -> {Destination} host {Host} rule {Rule} chains {Chains} (relay {RelayId}, id {ConnectionId})", EventName = "ConsoleConnectionOpenedWithMetadata")]
        public static partial void OpenedWithMetadata(ILogger logger, string network, string source, string destination, string host, string rule, string chains, string relayId, Guid connectionId);

        [LoggerMessage(2103, LogLevel.Debug, "[traffic] {ConnectionId} up {BytesUp} B (+{DeltaUp}), down {BytesDown} B (+{DeltaDown})", EventName = "ConsoleConnectionTraffic")]
        public static partial void Traffic(ILogger logger, Guid connectionId, long bytesUp, long deltaUp, long bytesDown, long deltaDown);
    }
}
