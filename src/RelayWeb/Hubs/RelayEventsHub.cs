using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RelayWeb.Auth;

namespace RelayWeb.Hubs;

/// <summary>
/// <c>/hubs/events</c>: live events for external clients (dashboards in other tools, scripts). Needs read access (cookie or
/// token; browsers pass a token as <c>?access_token=</c>). Fed by <see cref="EngineEventsBroadcaster"/>; clients only choose
/// which relays' connection events they want.
/// </summary>
[Authorize(Policy = RelayPolicies.Read)]
public sealed class RelayEventsHub(RelayHubAudience audience) : Hub<IRelayEventsClient>
{
    /// <summary>Group name meaning "every relay".</summary>
    public const string AllRelays = "*";

    private const int MaxRelayIdLength = 100;

    // The broadcaster subscribes within milliseconds of the first client; this only bounds a feed that keeps failing.
    private static readonly TimeSpan FeedStartTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Counts the client and returns once the broadcaster reads the engine's events for it.</summary>
    public override async Task OnConnectedAsync()
    {
        audience.ClientConnected();
        try
        {
            await audience.WhenFeedingAsync(Context.ConnectionAborted).WaitAsync(FeedStartTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            // still connected: events arrive once the feed is back
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        audience.ClientDisconnected();
        return Task.CompletedTask;
    }

    /// <summary>Receive <c>ConnectionOpened</c>/<c>ConnectionClosed</c> for <paramref name="relayId"/> (<c>*</c> for all relays).</summary>
    public Task JoinRelay(string relayId) => Groups.AddToGroupAsync(Context.ConnectionId, GroupName(relayId), Context.ConnectionAborted);

    public Task LeaveRelay(string relayId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(relayId), Context.ConnectionAborted);

    /// <summary><c>relay:{id}</c>, lower-cased because relay ids compare case-insensitively.</summary>
    public static string GroupName(string relayId)
    {
        if (string.IsNullOrWhiteSpace(relayId) || relayId.Length > MaxRelayIdLength)
        {
            throw new HubException($"A relay id of 1 to {MaxRelayIdLength} characters (or '*') is required.");
        }
        return "relay:" + relayId.Trim().ToLowerInvariant();
    }
}
