namespace RelayWeb.Backups;

public sealed partial class BackupService
{
    private static partial class Log
    {
        [LoggerMessage(2630, LogLevel.Information, "Backup {Name} written: {Bytes} bytes, {Pages} pages in {Seconds:0.0} s.", EventName = "BackupCreated")]
        public static partial void Created(ILogger logger, string name, long bytes, int pages, double seconds);

        [LoggerMessage(2631, LogLevel.Information, "Deleted old backup {Name} (keeping the newest {Keep}).", EventName = "BackupDeleted")]
        public static partial void Deleted(ILogger logger, string name, int keep);

        [LoggerMessage(2632, LogLevel.Warning, "Could not delete old backup {Name}.", EventName = "BackupDeleteFailed")]
        public static partial void DeleteFailed(ILogger logger, string name, Exception exception);
    }
}
