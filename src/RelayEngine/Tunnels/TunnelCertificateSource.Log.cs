using Microsoft.Extensions.Logging;

namespace RelayEngine.Tunnels;

internal sealed partial class TunnelCertificateSource
{
    private static partial class Log
    {
        [LoggerMessage(1240, LogLevel.Information, "Tunnel '{TunnelId}' reloaded its certificate; new fingerprint {Fingerprint}.", EventName = "TunnelCertificateReloaded")]
        public static partial void Reloaded(ILogger logger, string tunnelId, string fingerprint);

        [LoggerMessage(1241, LogLevel.Warning, "Tunnel '{TunnelId}' could not reload its certificate ({Error}); keeping the current one.", EventName = "TunnelCertificateReloadFailed")]
        public static partial void ReloadFailed(ILogger logger, string tunnelId, string error);
    }
}
