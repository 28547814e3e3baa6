namespace RelayWeb.Api;

public sealed partial class ProblemDetailsExceptionHandler
{
    private static partial class Log
    {
        [LoggerMessage(2220, LogLevel.Error, "Unhandled error in {Method} {Path}.", EventName = "UnhandledRequestError")]
        public static partial void Unhandled(ILogger logger, string method, string path, Exception exception);
    }
}
