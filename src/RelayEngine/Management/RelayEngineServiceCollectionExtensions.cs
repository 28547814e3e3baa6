using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayEngine.Transport;
using RelayEngine.Tunnels;

namespace Microsoft.Extensions.DependencyInjection;

public static class RelayEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the relay engine as a hosted service. Everything is registered with TryAdd, so register your own
    /// <see cref="IEngineConfigProvider"/> and <see cref="ILedgerSink"/> before or after (with Replace) this call; the
    /// defaults are an empty in-memory configuration and a sink that discards records. Options bind from the
    /// <c>RelayEngine</c> configuration section.
    /// </summary>
    public static IServiceCollection AddRelayEngine(this IServiceCollection services, Action<RelayEngineOptions>? configure = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        var options = services.AddOptions<RelayEngineOptions>().BindConfiguration(RelayEngineOptions.SectionName);
        if (configure is not null) options.Configure(configure);
        services.AddOptions<TunnelOptions>().BindConfiguration(TunnelOptions.SectionName);

        services.TryAddSingleton<IEngineConfigValidator, EngineConfigValidator>();
        services.TryAddSingleton<IEngineConfigProvider>(_ => new InMemoryEngineConfigProvider());
        services.TryAddSingleton<ILedgerSink, NullLedgerSink>();

        services.TryAddSingleton<EngineEventHub>();
        services.TryAddSingleton<IEngineEvents>(sp => sp.GetRequiredService<EngineEventHub>());
        services.TryAddSingleton<LedgerWriter>();
        services.TryAddSingleton<ILedgerStatistics>(sp => sp.GetRequiredService<LedgerWriter>());
        services.TryAddSingleton<ConnectionRegistry>();
        services.TryAddSingleton<IConnectionLookup>(sp => sp.GetRequiredService<ConnectionRegistry>());
        services.TryAddSingleton<IConnectionStatistics>(sp => sp.GetRequiredService<ConnectionRegistry>());
        services.TryAddSingleton<TrafficHistory>();
        services.TryAddSingleton<ITrafficHistory>(sp => sp.GetRequiredService<TrafficHistory>());
        services.TryAddSingleton<RelayListenerFactory>();
        services.TryAddSingleton<ExternalRelayStates>();
        services.TryAddSingleton<TunnelManager>();
        services.TryAddSingleton<ITunnelStateLookup>(sp => sp.GetRequiredService<TunnelManager>());
        services.TryAddSingleton<EngineConfigManager>();
        services.TryAddSingleton<IRelayStateLookup>(sp => sp.GetRequiredService<EngineConfigManager>());
        services.TryAddSingleton<IRelayControl>(sp => sp.GetRequiredService<EngineConfigManager>());
        services.TryAddSingleton<StatsSampler>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RelayEngineHostedService>());
        return services;
    }
}
