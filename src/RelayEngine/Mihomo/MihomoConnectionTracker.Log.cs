using Microsoft.Extensions.Logging;

namespace RelayEngine.Mihomo;

internal sealed partial class MihomoConnectionTracker
{
    private static partial class Log
    {
        [LoggerMessage(1430, LogLevel.Debug, "Skipped a Mihomo connection without an id.", EventName = "MihomoConnectionWithoutId")]
        public static partial void SkippedWithoutId(ILogger logger);

        [LoggerMessage(1431, LogLevel.Warning, "Mihomo connection {ConnectionId} is already open in the engine; ignored.", EventName = "MihomoDuplicateConnection")]
        public static partial void DuplicateId(ILogger logger, Guid connectionId);

        [LoggerMessage(1432, LogLevel.Information, "Counters of Mihomo connection {ConnectionId} went backwards (up {PreviousUp} -> {Up}, down {PreviousDown} -> {Down}): Mihomo restarted counting; the new values count as bytes since then.", EventName = "MihomoCountersWentBackwards")]
        public static partial void CountersWentBackwards(ILogger logger, Guid connectionId, long previousUp, long up, long previousDown, long down);

        [LoggerMessage(1433, LogLevel.Information, "Resumed {Count} Mihomo connection(s) the previous run left open in the ledger (relay '{RelayId}'); the first snapshot decides which are still alive.", EventName = "MihomoConnectionsResumed")]
        public static partial void Resumed(ILogger logger, int count, string relayId);
    }
}
