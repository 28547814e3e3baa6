namespace RelayWeb.Jobs;

public sealed partial class JobScheduler
{
    private static partial class Log
    {
        [LoggerMessage(2610, LogLevel.Information, "Scheduler started with {Count} job(s): {Schedules}.", EventName = "SchedulerStarted")]
        public static partial void SchedulerStarted(ILogger logger, int count, string schedules);

        [LoggerMessage(2611, LogLevel.Warning, "Marked {Count} job run(s) failed that were still running when the previous process stopped.", EventName = "InterruptedRunsFailed")]
        public static partial void InterruptedRunsFailed(ILogger logger, int count);

        [LoggerMessage(2612, LogLevel.Warning, "Stored schedule '{Cron}' of job '{Job}' is invalid ({Error}); using the default '{DefaultCron}'.", EventName = "StoredScheduleInvalid")]
        public static partial void StoredScheduleInvalid(ILogger logger, string job, string cron, string error, string defaultCron);

        [LoggerMessage(2613, LogLevel.Information, "Job '{Job}' rescheduled to '{Cron}' by {Actor}.", EventName = "JobRescheduled")]
        public static partial void Rescheduled(ILogger logger, string job, string cron, string actor);

        [LoggerMessage(2614, LogLevel.Information, "Job '{Job}' {Change} by {Actor}.", EventName = "JobPausedChanged")]
        public static partial void PausedChanged(ILogger logger, string job, string change, string actor);

        [LoggerMessage(2615, LogLevel.Information, "Job '{Job}' run #{RunId} requested by {Actor}.", EventName = "JobRunRequested")]
        public static partial void RunRequested(ILogger logger, string job, string actor, long runId);

        [LoggerMessage(2616, LogLevel.Warning, "Job '{Job}' failed; attempt {Attempt} at {RetryAtUtc:O}.", EventName = "JobRetryScheduled")]
        public static partial void RetryScheduled(ILogger logger, string job, int attempt, DateTime retryAtUtc);

        [LoggerMessage(2617, LogLevel.Error, "Job '{Job}' failed {Attempts} time(s) in a row; no more retries until its next scheduled run. Last error: {Message}", EventName = "JobRetriesExhausted")]
        public static partial void RetriesExhausted(ILogger logger, string job, int attempts, string? message);

        [LoggerMessage(2618, LogLevel.Error, "Could not schedule or cancel the retry of job '{Job}'.", EventName = "JobRetryNotScheduled")]
        public static partial void RetryNotScheduled(ILogger logger, string job, Exception exception);
    }
}
