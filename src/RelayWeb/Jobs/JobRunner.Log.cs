namespace RelayWeb.Jobs;

public sealed partial class JobRunner
{
    private static partial class Log
    {
        [LoggerMessage(2600, LogLevel.Information, "Job '{Job}' run #{RunId} started ({Trigger}, attempt {Attempt}).", EventName = "JobStarted")]
        public static partial void Started(ILogger logger, string job, long runId, string trigger, int attempt);

        [LoggerMessage(2601, LogLevel.Information, "Job '{Job}' run #{RunId} {Outcome}: {Items} item(s). {Message}", EventName = "JobCompleted")]
        public static partial void Completed(ILogger logger, string job, long runId, string outcome, long items, string? message);

        [LoggerMessage(2602, LogLevel.Error, "Job '{Job}' run #{RunId} failed.", EventName = "JobFailed")]
        public static partial void Failed(ILogger logger, string job, long runId, Exception exception);

        [LoggerMessage(2603, LogLevel.Warning, "Job '{Job}' skipped: {Reason}", EventName = "JobSkipped")]
        public static partial void Skipped(ILogger logger, string job, string reason);

        [LoggerMessage(2604, LogLevel.Warning, "Could not record a run of job '{Job}' in the database.", EventName = "JobRunNotRecorded")]
        public static partial void RecordFailed(ILogger logger, string job, Exception exception);
    }
}
