namespace RelayWeb.Data;

public sealed partial class RelayStore
{
    private static partial class Log
    {
        [LoggerMessage(3110, LogLevel.Information, "{Action} '{RelayId}' by {Actor}; engine configuration revision {RevisionId}.", EventName = "RelayChanged")]
        public static partial void RelayChanged(ILogger logger, string action, string relayId, string actor, string revisionId);
    }
}
