using RelayWeb.Data;

namespace RelayWeb.Hosting;

/// <summary>
<<<<<<< HEAD
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
=======
/// Migrates the database and loads the first relay snapshot before the engine starts. Registered before
/// <c>AddRelayEngine</c> because hosted services start in registration order. A failure stops the host (start-up is the
/// one place allowed to crash).
/// </summary>
internal sealed class PersistenceInitializer(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => RelayPersistence.InitializeAsync(services, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
>>>>>>> main
}
