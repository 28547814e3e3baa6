using RelayEngine.Model;

namespace RelayWeb.Api.Contracts;

/// <summary>A relay's state change, as live events carry it (SSE event <c>relay</c>, hub message <c>RelayChanged</c>).</summary>
public sealed record RelayStateDto(string Id, string Name, RelayStatus State, string? Reason, string? BoundEndpoint)
{
    public static RelayStateDto From(RelaySnapshot relay) =>
        new(relay.RelayId, relay.Config.DisplayName, relay.Status, relay.StatusReason, relay.BoundEndPoint?.ToString());
}
