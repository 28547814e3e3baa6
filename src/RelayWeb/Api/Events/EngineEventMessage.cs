namespace RelayWeb.Api.Events;

/// <summary>
/// One live event for external clients. <see cref="Type"/> is the SSE event name (<c>relay</c>, <c>relay.removed</c>,
/// <c>connection.opened</c>, <c>connection.closed</c>, <c>traffic</c>); <see cref="Payload"/> is its DTO; <see cref="RelayId"/>
/// routes it (null for node-wide traffic).
/// </summary>
public sealed record EngineEventMessage(string Type, string? RelayId, object Payload)
{
    public const string Relay = "relay";
    public const string RelayRemoved = "relay.removed";
    public const string ConnectionOpened = "connection.opened";
    public const string ConnectionClosed = "connection.closed";
    public const string Traffic = "traffic";
}
