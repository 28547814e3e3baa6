using RelayWeb.UnitTests.TestInfrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RelayWeb.Jobs;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Jobs;

/// <summary>The scheduler over a real SQLite file with the given jobs and the real clock (Quartz fires on it); started by <see cref="StartAsync"/>.</summary>
internal sealed class JobTestHost : IAsyncDisposable
{
    private JobTestHost(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }
    public JobScheduler Scheduler => Database.Services.GetRequiredService<JobScheduler>();
    public JobRunStore Runs => Database.Services.GetRequiredService<JobRunStore>();
    public JobRunner Runner => Database.Services.GetRequiredService<JobRunner>();

    public static async Task<JobTestHost> CreateAsync(IEnumerable<IRelayJob> jobs, Action<JobsOptions>? options = null, Action<IServiceCollection>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(configure: services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(TimeProvider.System);
            services.AddRelayJobs();
            services.Configure<JobsOptions>(o =>
            {
                o.RetryDelay = TimeSpan.FromMilliseconds(100);
                options?.Invoke(o);
            });
            foreach (var job in jobs) services.AddSingleton(job);
            configure?.Invoke(services);
        });
        return new JobTestHost(database);
    }

    public async Task<JobTestHost> StartAsync()
    {
        await Scheduler.StartAsync(CancellationToken.None);
        return this;
    }

    /// <summary>Waits until <paramref name="job"/> has <paramref name="count"/> finished runs; returns them oldest first.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> WaitForFinishedRunsAsync(string job, int count)
    {
        var runs = await WaitFor.ValueAsync(() => Runs.ListAsync(job, 100, null, CancellationToken.None),
            list => list.Count(r => r.Outcome != JobOutcome.Running) >= count, $"{count} finished run(s) of {job}");
        return runs.Where(r => r.Outcome != JobOutcome.Running).Reverse().ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.StopAsync(CancellationToken.None);
        await Database.DisposeAsync();
    }
}
