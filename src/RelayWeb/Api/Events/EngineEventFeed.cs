using System.Runtime.CompilerServices;
using System.Threading.Channels;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Model;
using RelayWeb.Api.Contracts;

namespace RelayWeb.Api.Events;

/// <summary>
/// The live events external clients see (SSE and the SignalR hub), built on <see cref="IEngineEvents"/>'s two shapes:
/// relay state changes (from the throttled Relays topic), connection opens and closes (from the connection stream; counter
/// updates are not forwarded), and one traffic total per second (from the Stats topic). Never per packet.
/// </summary>
public sealed class EngineEventFeed(IEngineEvents events, IRelayStateLookup relays, ITrafficHistory traffic, TimeProvider time)
{
    /// <summary>Events buffered per reader; a reader that falls this far behind loses the oldest ones.</summary>
    public const int Capacity = 1024;

    /// <summary>
    /// Events from now on, for one relay or (<paramref name="relayId"/> null) all of them. Ends only when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public IAsyncEnumerable<EngineEventMessage> ReadAsync(string? relayId, CancellationToken cancellationToken) =>
        ReadAsync(relayId, subscribed: null, cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync(string?, CancellationToken)"/>; <paramref name="subscribed"/> runs once the feed is subscribed
    /// to every source, so an event from then on is not missed.
    /// </summary>
    public async IAsyncEnumerable<EngineEventMessage> ReadAsync(string? relayId, Action? subscribed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<EngineEventMessage>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var tracker = new RelayStateTracker(relays.GetRelays(), relayId);
        var lastTraffic = traffic.GetHistory(relayId) is { Count: > 0 } history ? history[^1].TimestampUtc : DateTime.MinValue;

        using var relaySubscription = events.OnChanged(EngineTopic.Relays, () =>
        {
            foreach (var message in tracker.Update(relays.GetRelays())) channel.Writer.TryWrite(message);
            return Task.CompletedTask;
        });
        using var statsSubscription = events.OnChanged(EngineTopic.Stats, () =>
        {
            var points = traffic.GetHistory(relayId);
            if (points.Count > 0 && points[^1].TimestampUtc > lastTraffic)
            {
                lastTraffic = points[^1].TimestampUtc;
                channel.Writer.TryWrite(new(EngineEventMessage.Traffic, relayId, TrafficDto.From(relayId, points[^1])));
            }
            return Task.CompletedTask;
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var subscription = await events.SubscribeConnectionsAsync(relayId, stop.Token);
        var pump = PumpConnectionsAsync(subscription, channel.Writer, stop.Token);
        subscribed?.Invoke();
        try
        {
            await foreach (var message in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return message;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await pump;
            }
            catch (OperationCanceledException)
            {
                // expected: the reader went away
            }
        }
    }

    private async Task PumpConnectionsAsync(EngineSubscription<ConnectionSnapshot, ConnectionChange> subscription, ChannelWriter<EngineEventMessage> writer, CancellationToken cancellationToken)
    {
        try
        {
            var open = subscription.InitialState.Select(c => c.Id).ToHashSet();
            await foreach (var batch in subscription.Changes.WithCancellation(cancellationToken))
            {
                var now = time.GetUtcNow().UtcDateTime;
                HashSet<Guid>? beforeResync = null;
                foreach (var change in batch)
                {
                    switch (change.Kind)
                    {
                        case ChangeKind.Resync:
                            // The upserts that follow are the full state; only connections never seen before are announced.
                            beforeResync = open;
                            open = [];
                            break;
                        case ChangeKind.Upsert when change.Connection is { } c:
                            // A TCP connection is first published at accept time, before a target is chosen; it is
                            // announced with the Upsert that follows once the target answered.
                            if (c.Target is null) break;
                            if (open.Add(c.Id) && beforeResync?.Contains(c.Id) != true)
                            {
                                writer.TryWrite(new(EngineEventMessage.ConnectionOpened, c.RelayId, ConnectionDto.From(c, now)));
                            }
                            break;
                        case ChangeKind.Remove when change.Connection is { } c:
                            // Every closed event follows an opened one, even for a connection that never reached a target.
                            if (!open.Remove(c.Id) && beforeResync?.Contains(c.Id) != true)
                            {
                                writer.TryWrite(new(EngineEventMessage.ConnectionOpened, c.RelayId, ConnectionDto.From(c with { EndUtc = null, CloseReason = default }, now)));
                            }
                            writer.TryWrite(new(EngineEventMessage.ConnectionClosed, c.RelayId, ConnectionDto.From(c, now)));
                            break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            writer.TryComplete(ex); // the reader fails too, rather than silently missing connection events
        }
    }
}
