using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayWeb.Data;

namespace RelayWeb.Hosting;

/// <summary>
/// Takes the database's instance lock (<see cref="RelayDatabaseLock"/>: <c>relay restore</c> refuses to replace a database
/// a process holds), migrates the database and loads the first relay snapshot before the engine starts. Registered before
/// <c>AddRelayEngine</c> because hosted services start in registration order. A failure stops the host (start-up is the
/// one place allowed to crash).
/// </summary>
internal sealed class PersistenceInitializer(IServiceProvider services) : IHostedService, IDisposable
{
    private RelayDatabaseLock? _lock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var factory = services.GetRequiredService<IDbContextFactory<RelayDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            _lock = RelayDatabaseLock.Acquire(db.Database.GetDbConnection().DataSource);
        }
        await RelayPersistence.InitializeAsync(services, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _lock, null)?.Dispose();
}
