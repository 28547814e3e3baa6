using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayWeb.Data;
using RelayWeb.Jobs;
using RelayWeb.Services;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the job scheduler and lets features add their jobs.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the scheduler (<see cref="IJobScheduler"/>, a hosted service: register it after the persistence initializer so
    /// the database is migrated when it starts), the run store and the settings store. Knobs bind from <c>Relay:Jobs</c>.
    /// </summary>
    public static IServiceCollection AddRelayJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.SectionName);
        services.TryAddSingleton<ISettingsStore, SettingsStore>();
        services.TryAddSingleton<JobRunStore>();
        services.TryAddSingleton<JobMetrics>();
        services.TryAddSingleton<JobRunner>();
        services.TryAddSingleton<JobScheduler>();
        services.TryAddSingleton<IJobScheduler>(sp => sp.GetRequiredService<JobScheduler>());
        services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        return services;
    }

    /// <summary>Adds <typeparamref name="TJob"/> (a singleton) to the scheduled jobs. Safe to call more than once.</summary>
    public static IServiceCollection AddRelayJob<TJob>(this IServiceCollection services)
        where TJob : class, IRelayJob
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<TJob>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRelayJob, TJob>(sp => sp.GetRequiredService<TJob>()));
        return services;
    }
}
