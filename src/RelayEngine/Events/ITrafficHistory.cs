namespace RelayEngine.Events;

/// <summary>Recent 1-second traffic samples kept in memory (a bounded ring, default 15 minutes).</summary>
public interface ITrafficHistory
{
    /// <summary>Oldest first. <paramref name="relayId"/> null is the whole node.</summary>
    IReadOnlyList<TrafficPoint> GetHistory(string? relayId = null);
}
