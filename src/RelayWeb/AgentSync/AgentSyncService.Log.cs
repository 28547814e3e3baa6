namespace RelayWeb.AgentSync;

public sealed partial class AgentSyncService
{
    private static partial class Log
    {
        [LoggerMessage(1450, LogLevel.Warning, "Agent '{AgentId}' runs offline (no --master-url): every record stays in the local database and retention deletes nothing.", EventName = "AgentOffline")]
        public static partial void OfflineMode(ILogger logger, string agentId);

        [LoggerMessage(1451, LogLevel.Information, "Agent '{AgentId}' syncs to {MasterUrl} every {IntervalSeconds} s; acknowledged cursor {Cursor}.", EventName = "AgentSyncStarting")]
        public static partial void Starting(ILogger logger, string agentId, string masterUrl, long cursor, int intervalSeconds);

        [LoggerMessage(1452, LogLevel.Debug, "Master acknowledged a batch of {Count} record(s); cursor {Cursor}.", EventName = "AgentBatchAcknowledged")]
        public static partial void BatchAcknowledged(ILogger logger, int count, long cursor);

        [LoggerMessage(1453, LogLevel.Information, "Catching up: {Backlog} record(s) waiting; sending oldest first, at most {Rate} per second.", EventName = "AgentCatchingUp")]
        public static partial void CatchingUp(ILogger logger, long backlog, int rate);

        [LoggerMessage(1454, LogLevel.Information, "Level with the master: {Count} record(s) sent in {Seconds:0.0} s; cursor {Cursor}.", EventName = "AgentLevel")]
        public static partial void Level(ILogger logger, long count, double seconds, long cursor);

        [LoggerMessage(1455, LogLevel.Error, "The master at {MasterUrl} rejected the token: {Detail}. Fix --master-token (RELAY_MASTER_TOKEN); {Backlog} record(s) keep buffering locally. Retrying in {DelaySeconds:0.0} s.", EventName = "AgentTokenRejected")]
        public static partial void TokenRejected(ILogger logger, string masterUrl, string detail, long backlog, double delaySeconds);

        [LoggerMessage(1456, LogLevel.Warning, "Cannot reach the master at {MasterUrl}: {Detail} {Backlog} record(s) buffered locally; retrying in {DelaySeconds:0.0} s.", EventName = "AgentMasterUnreachable")]
        public static partial void Unreachable(ILogger logger, string masterUrl, string detail, long backlog, double delaySeconds);

        [LoggerMessage(1457, LogLevel.Warning, "The master failed to store a batch ({Detail}); {Backlog} record(s) buffered locally; retrying in {DelaySeconds:0.0} s.", EventName = "AgentMasterError")]
        public static partial void ServerError(ILogger logger, string detail, long backlog, double delaySeconds);

        [LoggerMessage(1458, LogLevel.Error, "The master refused a batch ({Detail}); is the master an older or newer version? {Backlog} record(s) stay buffered; retrying in {DelaySeconds:0.0} s.", EventName = "AgentBatchRefused")]
        public static partial void Refused(ILogger logger, string detail, long backlog, double delaySeconds);

        [LoggerMessage(1459, LogLevel.Warning, "The master found a batch of {Count} record(s) too large (413); sending at most {BatchSize} per request from now on.", EventName = "AgentBatchTooLarge")]
        public static partial void BatchTooLarge(ILogger logger, int count, int batchSize);

        [LoggerMessage(1460, LogLevel.Error, "Syncing failed on the agent's side ({Backlog} record(s) waiting); retrying in {DelaySeconds:0.0} s.", EventName = "AgentSyncLocalFailure")]
        public static partial void LocalFailure(ILogger logger, long backlog, double delaySeconds, Exception exception);
    }
}
