namespace RelayWeb.Jobs;

/// <summary>One run of a job, handed to <see cref="IRelayJob.RunAsync"/>: who started it and a way to report progress.</summary>
public sealed class JobRunContext
{
    private readonly Action<double?, string?, long?> _report;

    internal JobRunContext(long runId, string job, JobTrigger trigger, int attempt, string? actor, DateTime startedUtc, Action<double?, string?, long?> report)
    {
        RunId = runId;
        Job = job;
        Trigger = trigger;
        Attempt = attempt;
        Actor = actor;
        StartedUtc = startedUtc;
        _report = report;
    }

    public long RunId { get; }
    public string Job { get; }
    public JobTrigger Trigger { get; }

    /// <summary>1 for the first try, 2 and up for retries after failures.</summary>
    public int Attempt { get; }

    /// <summary>Who asked for a manual run (<c>user:admin</c>); null for scheduled runs.</summary>
    public string? Actor { get; }

    public DateTime StartedUtc { get; }

    /// <summary>Reports progress for the dashboard and the API (cheap; call as often as is useful). Null leaves a value unchanged.</summary>
    /// <param name="fraction">0 to 1.</param>
    public void Report(double? fraction = null, string? message = null, long? itemsProcessed = null) =>
        _report(fraction is { } f ? Math.Clamp(f, 0, 1) : null, message, itemsProcessed);

    /// <summary>A context for tests and for running a job's work outside the scheduler (the <c>relay backup</c> command).</summary>
    public static JobRunContext Detached(string job, DateTime startedUtc, Action<double?, string?, long?>? report = null) =>
        new(0, job, JobTrigger.Manual, 1, null, startedUtc, report ?? ((_, _, _) => { }));
}
