using RelayEngine.Events;

namespace RelayWeb.Api.Contracts;

/// <summary>One second of traffic (SSE event <c>traffic</c>, hub message <c>Traffic</c>); <c>relayId</c> null is the whole node.</summary>
public sealed record TrafficDto(string? RelayId, DateTime Timestamp, long BytesUp, long BytesDown, int ActiveConnections, int ConnectionsOpened)
{
    public static TrafficDto From(string? relayId, TrafficPoint point) =>
        new(relayId, point.TimestampUtc, point.BytesUp, point.BytesDown, point.ActiveConnections, point.ConnectionsOpened);
}
