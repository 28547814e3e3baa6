namespace RelayWeb.Jobs;

/// <summary>
/// The scheduled jobs: list them, run one now, pause, resume, and change a schedule. Changes are stored in the settings
/// and applied at once (no restart). <paramref name="actor"/> parameters are the audit actor (<c>user:admin</c>).
/// </summary>
public interface IJobScheduler
{
    /// <summary>True once the scheduler has started and until it stops.</summary>
    bool IsRunning { get; }

    Task<IReadOnlyList<JobInfo>> ListAsync(CancellationToken cancellationToken = default);

    Task<JobInfo?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Starts a run now. <see cref="JobCommandResult.RunId"/> is the new run (its row exists when this returns).</summary>
    Task<JobCommandResult> RunNowAsync(string name, string actor, CancellationToken cancellationToken = default);

    Task<JobCommandResult> PauseAsync(string name, string actor, CancellationToken cancellationToken = default);

    Task<JobCommandResult> ResumeAsync(string name, string actor, CancellationToken cancellationToken = default);

    /// <summary>Validates, stores and applies a new cron schedule (<see cref="CronSchedule"/>: 5 Unix or 6–7 Quartz fields, UTC).</summary>
    Task<JobCommandResult> RescheduleAsync(string name, string? cron, string actor, CancellationToken cancellationToken = default);
}
