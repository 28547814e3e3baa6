using RelayWeb.Data;

namespace RelayWeb.Hosting;

/// <summary>
/// Migrates the database and loads the first relay snapshot before the engine starts. Registered before
/// <c>AddRelayEngine</c> because hosted services start in registration order. A failure stops the host (start-up is the
/// one place allowed to crash).
/// </summary>
internal sealed class PersistenceInitializer(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => RelayPersistence.InitializeAsync(services, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
