namespace RelayWeb.Auth;

public sealed partial class UserAccountService
{
    private static partial class Log
    {
        [LoggerMessage(2120, LogLevel.Warning, "Created user 'admin' with password {Password} — change it after logging in (or start with --admin-password). This is the only time it is shown.", EventName = "AdminCreatedWithPassword")]
        public static partial void AdminCreatedWithPassword(ILogger logger, string password);

        [LoggerMessage(2121, LogLevel.Information, "Created user 'admin' with the configured password.", EventName = "AdminCreatedFromConfiguration")]
        public static partial void AdminCreatedFromConfiguration(ILogger logger);

        [LoggerMessage(2122, LogLevel.Information, "Set the password of user 'admin' from configuration.", EventName = "AdminPasswordFromConfiguration")]
        public static partial void AdminPasswordFromConfiguration(ILogger logger);

        [LoggerMessage(2123, LogLevel.Information, "Password of user '{UserName}' changed.", EventName = "PasswordChanged")]
        public static partial void PasswordChanged(ILogger logger, string userName);
    }
}
