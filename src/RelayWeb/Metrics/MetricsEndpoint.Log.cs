namespace Microsoft.AspNetCore.Builder;

public static partial class MetricsEndpoint
{
    private static partial class Log
    {
        [LoggerMessage(2650, LogLevel.Warning, "Metrics source {Source} failed; the scrape goes on without it.", EventName = "MetricsSourceFailed")]
        public static partial void SourceFailed(ILogger logger, string source, Exception exception);
    }
}
