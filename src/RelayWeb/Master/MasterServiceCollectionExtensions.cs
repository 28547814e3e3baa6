using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayWeb.Master;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the master side of agent sync: the ingest and the agent registry (endpoints: <c>MapSyncApi</c>, <c>MapAgentsApi</c>).</summary>
public static class MasterServiceCollectionExtensions
{
    public static IServiceCollection AddRelayMaster(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SyncIngest>();
        services.TryAddSingleton<AgentRegistry>();
        services.TryAddSingleton<AgentTrafficHistory>();
        services.TryAddSingleton<RelayPlacementStates>();
        services.TryAddSingleton<TunnelPlacementStates>();
        services.TryAddSingleton<RelayDirectory>();
        services.TryAddSingleton<KnownAgents>();
        return services;
    }
}
