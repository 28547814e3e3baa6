using RelayWeb.Jobs;

namespace RelayWeb.ViewModels;

/// <summary>What the Jobs page shows at a glance for one job.</summary>
public enum JobDisplayState
{
    NeverRun,
    Ok,
    Running,
    Failing,
    Paused,
}

/// <summary>One job as the Jobs page shows it: state pill, schedule in words, next and last run, progress of a run in progress.</summary>
public sealed record JobViewModel
{
    public required JobInfo Job { get; init; }
    public string Name => Job.Name;
    public string Title => Job.Title;

    public JobDisplayState State => Job.Running is not null ? JobDisplayState.Running
        : Job.Paused ? JobDisplayState.Paused
        : Job.IsFailing ? JobDisplayState.Failing
        : Job.LastRun is null ? JobDisplayState.NeverRun
        : JobDisplayState.Ok;

    public string StateLabel => State switch
    {
        JobDisplayState.Running => "Running",
        JobDisplayState.Paused => "Paused",
        JobDisplayState.Failing => "Failing",
        JobDisplayState.NeverRun => "Not run yet",
        _ => "OK",
    };

    /// <summary><c>good</c>, <c>bad</c>, <c>info</c> or <c>neutral</c>.</summary>
    public string StateTone => State switch
    {
        JobDisplayState.Running => "info",
        JobDisplayState.Failing => "bad",
        JobDisplayState.Ok => "good",
        _ => "neutral",
    };

    public string ScheduleText => CronDescription.Describe(Job.Cron);

    public bool IsDefaultSchedule => string.Equals(Job.Cron.Trim(), Job.DefaultCron.Trim(), StringComparison.Ordinal);

    /// <summary>0–100 while a run reports progress; null when idle or when the job cannot tell.</summary>
    public double? ProgressPercent => Job.Running?.Fraction is { } f ? Math.Round(f * 100, 1) : null;

    public string? RunningText => Job.Running is { } run
        ? $"Run #{run.RunId} ({Labels.Trigger(run.Trigger, run.Attempt)})" + (run.Message is { Length: > 0 } m ? " · " + m : "")
        : null;

    /// <summary>"Retrying at 12:05 UTC (attempt 2)" while an automatic retry is pending.</summary>
    public string? RetryText => Job.RetryAtUtc is { } at
        ? $"Retrying at {at:HH:mm:ss} UTC after {Job.ConsecutiveFailures} failure(s)"
        : null;

    public static IReadOnlyList<JobViewModel> FromAll(IEnumerable<JobInfo> jobs) => [.. jobs.Select(j => new JobViewModel { Job = j })];

    /// <summary>Labels shared with the run history.</summary>
    public static class Labels
    {
        public static string Outcome(JobOutcome outcome) => outcome switch
        {
            JobOutcome.Succeeded => "Succeeded",
            JobOutcome.Failed => "Failed",
            JobOutcome.Skipped => "Skipped",
            _ => "Running",
        };

        public static string OutcomeTone(JobOutcome outcome) => outcome switch
        {
            JobOutcome.Succeeded => "good",
            JobOutcome.Failed => "bad",
            JobOutcome.Running => "info",
            _ => "neutral",
        };

        public static string Trigger(JobTrigger trigger, int attempt) => trigger switch
        {
            JobTrigger.Manual => "run now",
            JobTrigger.Retry => $"retry, attempt {attempt}",
            _ => "scheduled",
        };
    }
}
