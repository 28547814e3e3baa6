using Quartz;

namespace RelayWeb.Jobs;

/// <summary>The one Quartz job type: hands every firing to <see cref="JobScheduler"/>, which runs the named <see cref="IRelayJob"/>.</summary>
internal sealed class QuartzJobAdapter(JobScheduler owner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await owner.ExecuteFiringAsync(context.JobDetail.Key.Name, context.MergedJobDataMap, cancellationToken).ConfigureAwait(false);
}
