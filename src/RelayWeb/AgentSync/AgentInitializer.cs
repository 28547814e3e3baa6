using RelayWeb.Api;

namespace RelayWeb.AgentSync;

/// <summary>
/// Before the engine starts (hosted services start in registration order): loads the last known assignment from the local
/// database, so an agent restarted without its master runs the same relays, and starts the uptime clock.
/// </summary>
internal sealed class AgentInitializer(AssignmentEngineConfigProvider assignment, ServerInfo server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = server.Uptime; // the clock starts when ServerInfo is created
        return assignment.LoadAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
