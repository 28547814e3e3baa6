using RelayEngine.Connections;

namespace RelayEngine.Events;

/// <summary>
/// How hosts observe the engine (STYLE.md §5.5). Per-packet activity is never an event: counters are sampled once a second.
/// </summary>
public interface IEngineEvents
{
    /// <summary>
    /// Calls <paramref name="callback"/> after something in <paramref name="topic"/> changed, at most every 100 ms, never on
    /// the publisher's thread, with at most one call queued. Re-read <c>IRelayStateLookup</c> or <see cref="ITrafficHistory"/>
    /// inside it. Dispose the result to unsubscribe.
    /// </summary>
    IDisposable OnChanged(EngineTopic topic, Func<Task> callback);

    /// <summary>
    /// The open connections now, plus every later open (Upsert), counter update (Upsert, at most once a second per connection)
    /// and close (Remove), in batches at most every 100 ms. A subscriber that falls behind gets a Resync batch.
    /// The stream ends only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<EngineSubscription<ConnectionSnapshot, ConnectionChange>> SubscribeConnectionsAsync(string? relayId, CancellationToken cancellationToken);
}
