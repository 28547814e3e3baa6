using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayWeb.Backups;
using RelayWeb.Retention;
using RelayWeb.Settings;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the operational side of <c>relay serve</c>: the job scheduler, retention and backups.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the scheduler (<see cref="JobsServiceCollectionExtensions.AddRelayJobs"/>) with the <c>ledger-retention</c> and
    /// <c>database-backup</c> jobs, the retention targets (closed connections, job history), the backup service and the
    /// settings service behind the Settings page. Register after the persistence initializer.
    /// </summary>
    public static IServiceCollection AddRelayOperations(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRelayJobs();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName);
        services.TryAddSingleton<RelayWeb.Background.BackgroundWorkThread>();
        services.AddRetentionTarget<LedgerRetentionTarget>();
        services.AddRetentionTarget<JobRunRetentionTarget>();
        services.TryAddSingleton<OperationsSettingsService>();
        services.TryAddSingleton<BackupService>();
        services.AddRelayJob<DatabaseBackupJob>();
        services.AddRelayJob<LedgerRetentionJob>();
        return services;
    }

    /// <summary>Adds a kind of data the <c>ledger-retention</c> job ages out (its setting is <c>retention.KIND.days</c>).</summary>
    public static IServiceCollection AddRetentionTarget<TTarget>(this IServiceCollection services)
        where TTarget : class, IRetentionTarget
    {
        services.TryAddSingleton<TTarget>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRetentionTarget, TTarget>(sp => sp.GetRequiredService<TTarget>()));
        return services;
    }
}
