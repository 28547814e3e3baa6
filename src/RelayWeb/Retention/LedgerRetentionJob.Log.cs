namespace RelayWeb.Retention;

public sealed partial class LedgerRetentionJob
{
    private static partial class Log
    {
        [LoggerMessage(2620, LogLevel.Information, "Retention deleted {Count} '{Kind}' row(s) older than {Days} day(s).", EventName = "RetentionDeleted")]
        public static partial void Deleted(ILogger logger, long count, string kind, int days);
    }
}
