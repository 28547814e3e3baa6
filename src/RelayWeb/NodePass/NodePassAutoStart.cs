using RelayWeb.Data;
using RelayWeb.Services;

namespace RelayWeb.NodePass;

/// <summary>
/// NodePass's <c>restart</c> policy, applied when the server starts (before the engine, so nothing starts only to stop):
/// an instance with <c>restart: true</c> is started, one with <c>restart: false</c> is left stopped. Instances whose policy
/// was never set (everything made outside the NodePass API) keep the state they had, as Relay always does.
/// </summary>
/// <remarks>Registered after <c>PersistenceInitializer</c> and before the engine: hosted services start in order.</remarks>
internal sealed partial class NodePassAutoStart(NodePassInstanceStore settings, NodePassInstances instances, ITunnelStore tunnels, IRelayStore relays,
    ILogger<NodePassAutoStart> logger) : IHostedService
{
    private const string Actor = "system";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((await settings.ListAsync(cancellationToken)).Values.All(s => s.AutoStart is null)) return;
        var tunnelsDone = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in await instances.LoadAsync(cancellationToken))
        {
            if (target.Settings.AutoStart is not { } autoStart) continue;
            if (target.Tunnel is { } tunnel)
            {
                // Both ends of a tunnel share one policy and one switch: act once.
                if (!tunnelsDone.Add(tunnel.TunnelId) || tunnel.Enabled == autoStart) continue;
                await tunnels.SetEnabledAsync(tunnel.TunnelId, autoStart, Actor, cancellationToken);
                Log.Applied(logger, tunnel.TunnelId, autoStart);
                continue;
            }
            foreach (var relay in target.Relays.Where(r => r.Enabled != autoStart))
            {
                await relays.SetEnabledAsync(relay.RelayId, autoStart, Actor, cancellationToken);
                Log.Applied(logger, relay.RelayId, autoStart);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(3150, LogLevel.Information, "NodePass restart policy at start-up: '{Id}' {Action}.", EventName = "NodePassAutoStartApplied")]
        private static partial void Applied(ILogger logger, string id, string action);

        public static void Applied(ILogger logger, string id, bool started) => Applied(logger, id, started ? "started (restart: true)" : "left stopped (restart: false)");
    }
}
