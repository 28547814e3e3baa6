using RelayWeb.Jobs;

namespace RelayWeb.UnitTests.Web.Jobs;

/// <summary>A job whose runs the test scripts: each run takes the next behaviour (succeed, throw, wait for a gate).</summary>
internal sealed class TestJob(string name = "test-job", string cron = "0 0 0 1 1 ? 2099") : IRelayJob
{
    private readonly Queue<Func<JobRunContext, CancellationToken, Task<JobResult>>> _script = new();
    private readonly Lock _gate = new();
    private int _runs;

    public string Name { get; } = name;
    public string Title => "Test job";
    public string Description => "Runs what the test says.";
    public string DefaultCron { get; } = cron;
    public int Runs => Volatile.Read(ref _runs);
    public List<JobRunContext> Contexts { get; } = [];

    public TestJob Then(Func<JobRunContext, CancellationToken, Task<JobResult>> behaviour)
    {
        lock (_gate) _script.Enqueue(behaviour);
        return this;
    }

    public TestJob ThenSucceed(string message = "done", long items = 1) => Then((_, _) => Task.FromResult(JobResult.Succeeded(message, items)));

    public TestJob ThenThrow(string message) => Then((_, _) => throw new InvalidOperationException(message));

    public async Task<JobResult> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        Func<JobRunContext, CancellationToken, Task<JobResult>>? next;
        lock (_gate)
        {
            Contexts.Add(context);
            _script.TryDequeue(out next);
        }
        Interlocked.Increment(ref _runs);
        return next is null ? JobResult.Succeeded("default") : await next(context, cancellationToken);
    }
}
