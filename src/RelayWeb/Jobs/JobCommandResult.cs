namespace RelayWeb.Jobs;

/// <summary>What a scheduler command (run, pause, resume, reschedule) did.</summary>
public enum JobCommandStatus
{
    Ok,
    NotFound,

    /// <summary>Run now: a run of the job is already in progress (see <see cref="JobCommandResult.Running"/>).</summary>
    AlreadyRunning,

    /// <summary>Reschedule: the cron expression does not parse (see <see cref="JobCommandResult.Error"/>).</summary>
    Invalid,

    /// <summary>The scheduler is not running (starting up or shutting down).</summary>
    Unavailable,
}

public sealed record JobCommandResult(JobCommandStatus Status, JobInfo? Job = null, long? RunId = null, JobRunProgress? Running = null, string? Error = null);
