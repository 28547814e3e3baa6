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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMetricsSource, MeterMetricsSource>(sp => sp.GetRequiredService<MeterMetricsSource>()));
        return services;
    }
}
