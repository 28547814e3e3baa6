namespace RelayWeb.Auth;

public sealed partial class ApiTokenAuthenticationHandler
{
    private static partial class Log
    {
        [LoggerMessage(2110, LogLevel.Warning, "Rejected an invalid or revoked API token on {Path} from {RemoteIp}.", EventName = "ApiTokenRejected")]
        public static partial void TokenRejected(ILogger logger, string path, string remoteIp);
    }
}
