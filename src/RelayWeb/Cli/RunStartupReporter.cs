using RelayEngine.Model;

namespace RelayWeb.Cli;

/// <summary>After start-up of <c>relay run</c>, says where each relay listens, or why it could not.</summary>
internal sealed partial class RunStartupReporter(IRelayStateLookup relays, IHostApplicationLifetime lifetime, ILogger<RunStartupReporter> logger) : IHostedService
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
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(2110, LogLevel.Information, "Relay {Name}: {Protocol}://{Listen} -> {Targets}", EventName = "RunRelayRunning")]
        public static partial void Running(ILogger logger, string name, string protocol, string listen, string targets);

        [LoggerMessage(2111, LogLevel.Error, "Relay {Name} is {Status}: {Reason}", EventName = "RunRelayNotRunning")]
        public static partial void NotRunning(ILogger logger, string name, string status, string reason);
    }
}
