namespace RelayEngine.Connections;

/// <summary>Cumulative connection counts of this process, for metrics. Cheap; safe from any thread.</summary>
public interface IConnectionStatistics
{
    /// <summary>
    /// Connections (and UDP sessions) ended since the process started, per relay and close reason, refusals by the
    /// connection limit included. Counts only grow; a relay that was removed keeps its counts.
    /// </summary>
    IReadOnlyList<ClosedConnectionCount> GetClosedCounts();
}

/// <summary>How many connections of <paramref name="RelayId"/> ended with <paramref name="Reason"/>.</summary>
public readonly record struct ClosedConnectionCount(string RelayId, CloseReason Reason, long Count);
