namespace RelayEngine.Events;

/// <summary>One second of traffic, for one relay or for the whole node.</summary>
public sealed record TrafficPoint(DateTime TimestampUtc, long BytesUp, long BytesDown, int ActiveConnections, int ConnectionsOpened);
