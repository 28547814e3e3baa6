namespace RelayWeb.AgentSync;

/// <summary>Where the agent stands with its master.</summary>
public enum AgentSyncMode
{
    /// <summary>No master URL: everything stays in the local database.</summary>
    Offline,

    /// <summary>Started; no sync has succeeded yet.</summary>
    Starting,

    /// <summary>The last sync succeeded and nothing was left to send.</summary>
    Level,

    /// <summary>The last sync succeeded and a backlog is going up.</summary>
    CatchingUp,

    /// <summary>The last sync failed; retrying with backoff while records keep buffering.</summary>
    Failing,
}
