using Microsoft.Extensions.Logging;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelManager
{
    private static partial class Log
    {
        [LoggerMessage(1270, LogLevel.Information, "Tunnel '{TunnelId}' added ({Role} {TunnelAddress}).", EventName = "TunnelAdded")]
        public static partial void Added(ILogger logger, string tunnelId, string role, string tunnelAddress);

        [LoggerMessage(1271, LogLevel.Information, "Tunnel '{TunnelId}' changed; restarted.", EventName = "TunnelChanged")]
        public static partial void Changed(ILogger logger, string tunnelId);

        [LoggerMessage(1272, LogLevel.Information, "Tunnel '{TunnelId}' removed.", EventName = "TunnelRemoved")]
        public static partial void Removed(ILogger logger, string tunnelId);

        [LoggerMessage(1273, LogLevel.Error, "Tunnel '{TunnelId}' is faulted: {Reason}", EventName = "TunnelFaulted")]
        public static partial void Faulted(ILogger logger, string tunnelId, string reason);

        [LoggerMessage(1274, LogLevel.Warning, "Tunnel '{TunnelId}' could not read its earlier traffic from the ledger; its counters start at zero.", EventName = "TunnelCountersNotRestored")]
        public static partial void CountersNotRestored(ILogger logger, string tunnelId, Exception exception);
    }
}
