namespace RelayWeb.Data;

public sealed partial class DbEngineConfigProvider
{
    private static partial class Log
    {
        [LoggerMessage(3100, LogLevel.Debug, "Loaded {Count} relay(s) from the database; revision {RevisionId}.", EventName = "EngineConfigLoaded")]
        public static partial void Loaded(ILogger logger, int count, string revisionId);

        [LoggerMessage(3101, LogLevel.Error, "Relay '{RelayId}' in the database cannot be read and is skipped: {Reason}", EventName = "EngineConfigRelaySkipped")]
        public static partial void RelaySkipped(ILogger logger, string relayId, string reason);
    }
}
