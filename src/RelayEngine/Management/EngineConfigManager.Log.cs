using Microsoft.Extensions.Logging;

namespace RelayEngine.Management;

internal sealed partial class EngineConfigManager
{
    private static partial class Log
    {
        [LoggerMessage(1300, LogLevel.Information, "Relay '{RelayId}' added ({Protocol} {Listen}).", EventName = "RelayAdded")]
        public static partial void RelayAdded(ILogger logger, string relayId, string protocol, string listen);

        [LoggerMessage(1301, LogLevel.Information, "Relay '{RelayId}' changed; rebound.", EventName = "RelayChanged")]
        public static partial void RelayChanged(ILogger logger, string relayId);

        [LoggerMessage(1302, LogLevel.Information, "Relay '{RelayId}' removed.", EventName = "RelayRemoved")]
        public static partial void RelayRemoved(ILogger logger, string relayId);

        [LoggerMessage(1303, LogLevel.Warning, "Relay '{RelayId}' is faulted: {Reason}", EventName = "RelayFaulted")]
        public static partial void RelayFaulted(ILogger logger, string relayId, string reason);

        [LoggerMessage(1304, LogLevel.Information, "Configuration {RevisionId} applied: {Count} relays.", EventName = "ConfigApplied")]
        public static partial void ConfigApplied(ILogger logger, string revisionId, int count);

        [LoggerMessage(1305, LogLevel.Error, "Reloading the relay configuration failed; the last good configuration stays in effect.", EventName = "ConfigReloadFailed")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);

        [LoggerMessage(1306, LogLevel.Information, "Relay '{RelayId}' restarted.", EventName = "RelayRestarted")]
        public static partial void RelayRestarted(ILogger logger, string relayId);
    }
}
