using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayWeb.Retention;
using RelayWeb.Statistics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers statistics: the roll-up service and its <c>stats-rollup</c> job, the query service and the retention of the roll-up tables.</summary>
public static class StatisticsServiceCollectionExtensions
{
    /// <summary>Call after <see cref="OperationsServiceCollectionExtensions.AddRelayOperations"/> (the scheduler and retention).</summary>
    public static IServiceCollection AddRelayStatistics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<StatsRollupService>();
        services.TryAddSingleton<StatsQueryService>();
        services.AddRelayJob<StatsRollupJob>();
        services.AddRetentionTarget<TrafficIntervalRetentionTarget>();
        services.AddRetentionTarget<StatsMinuteRetentionTarget>();
        services.AddRetentionTarget<StatsHourRetentionTarget>();
        return services;
    }
}
