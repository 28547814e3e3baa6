namespace RelayWeb.Auth;

public sealed partial class ApiTokenService
{
    private static partial class Log
    {
        [LoggerMessage(2100, LogLevel.Information, "API token {TokenId} '{TokenName}' (scope {Scope}) created by {Actor}.", EventName = "ApiTokenCreated")]
        public static partial void TokenCreated(ILogger logger, string tokenId, string tokenName, string scope, string actor);

        [LoggerMessage(2101, LogLevel.Information, "API token {TokenId} '{TokenName}' revoked by {Actor}.", EventName = "ApiTokenRevoked")]
        public static partial void TokenRevoked(ILogger logger, string tokenId, string tokenName, string actor);
    }
}
