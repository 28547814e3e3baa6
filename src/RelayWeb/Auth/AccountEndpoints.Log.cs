namespace RelayWeb.Auth;

public static partial class AccountEndpoints
{
    private static partial class Log
    {
        [LoggerMessage(2130, LogLevel.Information, "User '{UserName}' logged in from {RemoteIp}.", EventName = "LoginSucceeded")]
        public static partial void LoginSucceeded(ILogger logger, string userName, string remoteIp);

        [LoggerMessage(2131, LogLevel.Warning, "Failed login for '{UserName}' from {RemoteIp}.", EventName = "LoginFailed")]
        public static partial void LoginFailed(ILogger logger, string userName, string remoteIp);

        [LoggerMessage(2132, LogLevel.Warning, "Login for '{UserName}' from {RemoteIp} refused: too many failures in the last minute.", EventName = "LoginLocked")]
        public static partial void LoginLocked(ILogger logger, string userName, string remoteIp);
    }
}
