using RelayWeb.Data;

namespace RelayWeb.Hosting;

/// <summary>
/// Runs <see cref="RelayPersistence.InitializeAsync"/> (migrations, stale ledger rows, first config snapshot) in
/// <see cref="IHostedLifecycleService.StartingAsync"/>, i.e. before any hosted service's StartAsync: the engine and the
/// admin-user bootstrap both find a migrated database whatever their registration order.
/// </summary>
internal sealed class PersistenceInitializer(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => RelayPersistence.InitializeAsync(services, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
