using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayEngine.Configuration;
using RelayEngine.Ledger;
using RelayWeb.Data;
using RelayWeb.Services;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Wires the database-backed services of <c>relay serve</c>.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database (<see cref="RelayDataServiceCollectionExtensions.AddRelayData"/>), the engine's configuration
    /// source (<see cref="DbEngineConfigProvider"/>), its ledger sink (<see cref="DbLedgerSink"/>) and reader
    /// (<see cref="DbLedgerReader"/>), <see cref="IRelayStore"/>
    /// and <see cref="IConnectionQueries"/>.
    /// </summary>
    /// <remarks>
    /// <see cref="IEngineConfigProvider"/> and <see cref="ILedgerSink"/> are <em>replaced</em> (every earlier registration
    /// removed), so the engine's defaults (<see cref="NullLedgerSink"/>, an in-memory provider) lose whether they were
    /// registered before this call or after it with <c>TryAdd</c>. Everything else uses <c>TryAdd</c>, so a host or a test
    /// may register its own first. <see cref="IConnectionQueries"/> needs the engine's <c>IConnectionLookup</c>.
    /// Call <see cref="RelayPersistence.InitializeAsync"/> at start-up, before the engine starts.
    /// </remarks>
    public static IServiceCollection AddRelayPersistence(this IServiceCollection services, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRelayData(databasePath);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEngineConfigValidator, EngineConfigValidator>();

        services.TryAddSingleton<DbEngineConfigProvider>();
        services.RemoveAll<IEngineConfigProvider>();
        services.AddSingleton<IEngineConfigProvider>(sp => sp.GetRequiredService<DbEngineConfigProvider>());

        services.TryAddSingleton<LedgerWriteGate>();
        services.TryAddSingleton<DbLedgerSink>();
        services.RemoveAll<ILedgerSink>();
        services.AddSingleton<ILedgerSink>(sp => sp.GetRequiredService<DbLedgerSink>());

        services.TryAddSingleton<ILedgerReader, DbLedgerReader>();
        services.TryAddSingleton<IRelayStore, RelayStore>();
        services.TryAddSingleton<ITunnelStore, TunnelStore>();
        services.TryAddSingleton<IConnectionQueries, ConnectionQueries>();
        return services;
    }
}
