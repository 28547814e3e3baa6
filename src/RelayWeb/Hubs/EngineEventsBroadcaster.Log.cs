namespace RelayWeb.Hubs;

public sealed partial class EngineEventsBroadcaster
{
    private static partial class Log
    {
        [LoggerMessage(2300, LogLevel.Error, "The engine event feed failed; re-subscribing shortly.", EventName = "EventFeedFailed")]
        public static partial void FeedFailed(ILogger logger, Exception exception);

        [LoggerMessage(2301, LogLevel.Warning, "Sending the '{EventType}' event to hub clients failed.", EventName = "HubSendFailed")]
        public static partial void SendFailed(ILogger logger, string eventType, Exception exception);
    }
}
