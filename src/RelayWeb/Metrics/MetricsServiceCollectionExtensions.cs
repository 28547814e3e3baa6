using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayWeb.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <c>/metrics</c>: the Prometheus sources and the access rule. Map it with <c>app.MapRelayMetrics()</c>.</summary>
public static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddRelayMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);
        services.TryAddSingleton<MetricsAccess>();
        services.TryAddSingleton<MeterMetricsSource>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, RelayMetricsSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, OperationsMetricsSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, ProcessMetricsSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, AgentMetricsSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, MeterMetricsSource>(sp => sp.GetRequiredService<MeterMetricsSource>()));
        return services;
    }

    /// <summary>
    /// The sources <c>relay agent</c> serves on its health port's <c>/metrics</c> (it has no web server, jobs or agents of
    /// its own): the engine, the process and the agent's sync state.
    /// </summary>
    public static IServiceCollection AddRelayAgentMetrics(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, RelayMetricsSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, ProcessMetricsSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, AgentSyncMetricsSource>());
        return services;
    }
}
