using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayEngine.Utilities;

namespace RelayEngine.Events;

/// <summary>
/// Fans engine changes out to subscribers (STYLE.md §5.5). Publishing never waits: each subscriber has its own bounded
/// channel (DropOldest); a subscriber whose channel overflowed is marked lagged and gets a Resync batch next.
/// </summary>
internal sealed class EngineEventHub : IEngineEvents
{
    private static readonly TimeSpan MinBatchInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly ILogger<EngineEventHub> _logger;
    private readonly int _capacity;
    private ImmutableHashSet<ConnectionSubscriber> _subscribers = [];
    private ImmutableDictionary<EngineTopic, ImmutableHashSet<CallbackThrottler>> _topics = ImmutableDictionary<EngineTopic, ImmutableHashSet<CallbackThrottler>>.Empty;

    public EngineEventHub(TimeProvider time, ILogger<EngineEventHub> logger, IOptions<RelayEngineOptions> options)
    {
        _time = time;
        _logger = logger;
        _capacity = Math.Max(16, options.Value.EventChannelCapacity);
    }

    /// <summary>Set by the engine once the registry exists; used for initial state and resync.</summary>
    internal IConnectionLookup? Connections { get; set; }

    public IDisposable OnChanged(EngineTopic topic, Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var throttler = new CallbackThrottler(callback, MinBatchInterval, _time, _logger);
        ImmutableInterlocked.AddOrUpdate(ref _topics, topic, _ => [throttler], (_, set) => set.Add(throttler));
        return new Unsubscriber(() =>
        {
            throttler.Dispose();
            ImmutableInterlocked.AddOrUpdate(ref _topics, topic, _ => [], (_, set) => set.Remove(throttler));
        });
    }

    public void NotifyChanged(EngineTopic topic)
    {
        if (_topics.TryGetValue(topic, out var set))
        {
            foreach (var throttler in set) throttler.Notify();
        }
    }

    /// <summary>Called under the connection registry's gate; only non-blocking writes happen here.</summary>
    public void PublishConnection(ConnectionChange change)
    {
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Matches(change.Connection)) subscriber.Channel.Writer.TryWrite(change);
        }
    }

    public Task<EngineSubscription<ConnectionSnapshot, ConnectionChange>> SubscribeConnectionsAsync(string? relayId, CancellationToken cancellationToken)
    {
        var subscriber = new ConnectionSubscriber(relayId, _capacity);
        // Register before taking the snapshot (Aspire's watcher order): a change racing the snapshot arrives twice at worst,
        // and changes are idempotent upserts/removes by id.
        ImmutableInterlocked.Update(ref _subscribers, s => s.Add(subscriber));
        var initial = (Connections?.GetOpenConnections(relayId) ?? []).ToImmutableArray();
        return Task.FromResult(new EngineSubscription<ConnectionSnapshot, ConnectionChange>(initial, ReadAsync(subscriber, cancellationToken)));
    }

    private async IAsyncEnumerable<IReadOnlyList<ConnectionChange>> ReadAsync(ConnectionSubscriber subscriber, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in subscriber.Channel.Reader.GetBatchesAsync(MinBatchInterval, _time, cancellationToken).ConfigureAwait(false))
            {
                if (Interlocked.Exchange(ref subscriber.Lagged, 0) == 1)
                {
                    var resync = new List<ConnectionChange> { ConnectionChange.Resync };
                    resync.AddRange((Connections?.GetOpenConnections(subscriber.RelayId) ?? []).Select(c => new ConnectionChange(ChangeKind.Upsert, c)));
                    yield return resync;
                    continue;
                }
                yield return batch;
            }
        }
        finally
        {
            ImmutableInterlocked.Update(ref _subscribers, s => s.Remove(subscriber));
            subscriber.Channel.Writer.TryComplete();
        }
    }

    private sealed class ConnectionSubscriber
    {
        public int Lagged;

        public ConnectionSubscriber(string? relayId, int capacity)
        {
            RelayId = relayId;
            Channel = System.Threading.Channels.Channel.CreateBounded<ConnectionChange>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Exchange(ref Lagged, 1));
        }

        public string? RelayId { get; }
        public Channel<ConnectionChange> Channel { get; }

        public bool Matches(ConnectionSnapshot? connection) =>
            RelayId is null || connection is null || string.Equals(connection.RelayId, RelayId, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
