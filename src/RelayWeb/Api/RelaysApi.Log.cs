namespace RelayWeb.Api;

public static partial class RelaysApi
{
    private static partial class Log
    {
        [LoggerMessage(2200, LogLevel.Warning, "The engine did not apply configuration revision {RevisionId} within {Seconds} s; the response shows the state so far.", EventName = "ApplyTimedOut")]
        public static partial void ApplyTimedOut(ILogger logger, string revisionId, double seconds);

        [LoggerMessage(2201, LogLevel.Information, "Relay '{RelayId}' restarted by {Actor}.", EventName = "RelayRestarted")]
        public static partial void RelayRestarted(ILogger logger, string relayId, string actor);
    }
}
