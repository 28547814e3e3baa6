using RelayEngine.Model;
using RelayEngine.Tunnels;

namespace RelayWeb.Cli;

/// <summary>After start-up of <c>relay run</c>, says where each relay and tunnel end listens, or why it could not.</summary>
internal sealed partial class RunStartupReporter(IRelayStateLookup relays, ITunnelStateLookup tunnels, IHostApplicationLifetime lifetime, ILogger<RunStartupReporter> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var relay in relays.GetRelays())
            {
                if (relay.Status == RelayStatus.Running)
                    Log.Running(logger, relay.Config.DisplayName, relay.Config.Protocol.ToString().ToLowerInvariant(), relay.BoundEndPoint?.ToString() ?? relay.Config.Listen, string.Join(", ", relay.Config.Targets));
                else
                    Log.NotRunning(logger, relay.Config.DisplayName, relay.Status.ToString(), relay.StatusReason ?? "");
            }
            foreach (var tunnel in tunnels.GetTunnels())
            {
                if (tunnel.Status == TunnelStatus.Faulted)
                    Log.NotRunning(logger, tunnel.Config.DisplayName, tunnel.Status.ToString(), tunnel.StatusReason ?? "");
                else
                    Log.Tunnel(logger, tunnel.Config.DisplayName, tunnel.Role.ToString().ToLowerInvariant(), tunnel.TunnelEndPoint ?? tunnel.Config.TunnelAddress,
                        tunnel.PublicEndPoint ?? string.Join(", ", tunnel.Config.Targets), (int)tunnel.Tls, tunnel.CertificateFingerprint ?? "-", tunnel.StatusReason ?? "");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(2110, LogLevel.Information, "Relay {Name}: {Protocol}://{Listen} -> {Targets}", EventName = "RunRelayRunning")]
        public static partial void Running(ILogger logger, string name, string protocol, string listen, string targets);

        [LoggerMessage(2111, LogLevel.Error, "{Name} is {Status}: {Reason}", EventName = "RunRelayNotRunning")]
        public static partial void NotRunning(ILogger logger, string name, string status, string reason);

        [LoggerMessage(2112, LogLevel.Information, "Tunnel {Name}: {Role} on {TunnelEndPoint}, users/targets {Targets}, tls {Tls}, certificate sha256 {Fingerprint}: {State}", EventName = "RunTunnelRunning")]
        public static partial void Tunnel(ILogger logger, string name, string role, string tunnelEndPoint, string targets, int tls, string fingerprint, string state);
    }
}
