using Microsoft.AspNetCore.SignalR;
using RelayWeb.Api.Contracts;
using RelayWeb.Api.Events;

namespace RelayWeb.Hubs;

/// <summary>
/// Forwards <see cref="EngineEventFeed"/> to <see cref="RelayEventsHub"/> clients through <see cref="IHubContext{THub,T}"/>
/// (STYLE.md §5.5). Relay changes and node traffic go to everyone, connection events to <c>relay:{id}</c> and <c>relay:*</c>.
/// Reads the feed only while a client is connected (<see cref="RelayHubAudience"/>). If the feed fails it is logged and
/// re-subscribed after a short back-off.
/// </summary>
public sealed partial class EngineEventsBroadcaster(
    EngineEventFeed feed,
    IHubContext<RelayEventsHub, IRelayEventsClient> hub,
    RelayHubAudience audience,
    TimeProvider time,
    ILogger<EngineEventsBroadcaster> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            RelayHubAudience.Listening listening;
            try
            {
                listening = await audience.WhenListenedAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var feeding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, listening.Gone);
            try
            {
                await foreach (var message in feed.ReadAsync(null, () => audience.FeedStarted(listening.Generation), feeding.Token))
                {
                    await SendAsync(message);
                }
            }
            catch (OperationCanceledException) when (feeding.IsCancellationRequested)
            {
                if (stoppingToken.IsCancellationRequested) return;
                // the last client left: stop reading until the next one comes
            }
            catch (Exception ex)
            {
                Log.FeedFailed(logger, ex);
                await Task.Delay(RetryDelay, time, stoppingToken).ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends one message to the clients that want it. Public so the routing can be tested with a fake hub context.</summary>
    public async Task SendAsync(EngineEventMessage message)
    {
        try
        {
            await (message.Payload switch
            {
                RelayStateDto relay => hub.Clients.All.RelayChanged(relay),
                RelayRemovedDto removed => hub.Clients.All.RelayRemoved(removed),
                TrafficDto traffic => hub.Clients.All.Traffic(traffic),
                ConnectionDto connection when message.Type == EngineEventMessage.ConnectionOpened => ConnectionGroups(connection).ConnectionOpened(connection),
                ConnectionDto connection => ConnectionGroups(connection).ConnectionClosed(connection),
                _ => Task.CompletedTask,
            });
        }
        catch (Exception ex)
        {
            Log.SendFailed(logger, message.Type, ex);
        }
    }

    private IRelayEventsClient ConnectionGroups(ConnectionDto connection) =>
        hub.Clients.Groups(RelayEventsHub.GroupName(connection.RelayId), RelayEventsHub.GroupName(RelayEventsHub.AllRelays));
}
