using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Management;

namespace RelayWeb.UnitTests.Engine;

public sealed class EngineEventHubTests
{
    private static EngineEventHub CreateHub(FakeLookup lookup) =>
        new(TimeProvider.System, NullLogger<EngineEventHub>.Instance, Options.Create(new RelayEngineOptions { EventChannelCapacity = 16 })) { Connections = lookup };

    [Fact]
    public async Task Subscribe_GetsOpenConnectionsThenLaterChangesInBatches()
    {
        // Arrange
        var lookup = new FakeLookup(Snapshot("a"));
        var hub = CreateHub(lookup);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Act
        var subscription = await hub.SubscribeConnectionsAsync(null, cts.Token);
        hub.PublishConnection(new ConnectionChange(ChangeKind.Upsert, Snapshot("b")));
        hub.PublishConnection(new ConnectionChange(ChangeKind.Remove, Snapshot("a")));
        await using var changes = subscription.Changes.GetAsyncEnumerator(cts.Token);
        Assert.True(await changes.MoveNextAsync());

        // Assert
        Assert.Equal("a", Assert.Single(subscription.InitialState).RelayId);
        Assert.Equal([ChangeKind.Upsert, ChangeKind.Remove], changes.Current.Select(c => c.Kind));
    }

    [Fact]
    public async Task Subscribe_WithRelayFilter_OnlyThatRelaysChanges()
    {
        // Arrange
        var hub = CreateHub(new FakeLookup());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var subscription = await hub.SubscribeConnectionsAsync("keep", cts.Token);

        // Act
        hub.PublishConnection(new ConnectionChange(ChangeKind.Upsert, Snapshot("other")));
        hub.PublishConnection(new ConnectionChange(ChangeKind.Upsert, Snapshot("keep")));
        await using var changes = subscription.Changes.GetAsyncEnumerator(cts.Token);
        Assert.True(await changes.MoveNextAsync());

        // Assert
        Assert.Equal("keep", Assert.Single(changes.Current).Connection!.RelayId);
    }

    [Fact]
    public async Task Subscriber_FallsBehind_GetsResyncWithFullStateInsteadOfSilentGaps()
    {
        // Arrange
        var lookup = new FakeLookup(Snapshot("x"), Snapshot("y"));
        var hub = CreateHub(lookup);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var subscription = await hub.SubscribeConnectionsAsync(null, cts.Token);

        // Act: more changes than the subscriber's channel holds
        for (var i = 0; i < 100; i++) hub.PublishConnection(new ConnectionChange(ChangeKind.Upsert, Snapshot("z")));
        await using var changes = subscription.Changes.GetAsyncEnumerator(cts.Token);
        Assert.True(await changes.MoveNextAsync());

        // Assert
        var batch = changes.Current;
        Assert.Equal(ChangeKind.Resync, batch[0].Kind);
        Assert.Equal(["x", "y"], batch.Skip(1).Select(c => c.Connection!.RelayId));
    }

    [Fact]
    public async Task OnChanged_ManyNotifications_CoalesceIntoFewCallbacks()
    {
        // Arrange
        var hub = CreateHub(new FakeLookup());
        var calls = 0;
        var first = new TaskCompletionSource();
        using var subscription = hub.OnChanged(EngineTopic.Relays, () => { Interlocked.Increment(ref calls); first.TrySetResult(); return Task.CompletedTask; });

        // Act
        for (var i = 0; i < 1000; i++) hub.NotifyChanged(EngineTopic.Relays);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert: at most the running call plus one queued
        Assert.InRange(Volatile.Read(ref calls), 1, 2);
    }

    private static ConnectionSnapshot Snapshot(string relayId) => new()
    {
        Id = Guid.NewGuid(),
        AgentId = "local",
        RelayId = relayId,
        Network = "tcp",
        Source = "127.0.0.1:1",
        Listen = "127.0.0.1:2",
        StartUtc = DateTime.UnixEpoch,
    };

    private sealed class FakeLookup(params ConnectionSnapshot[] open) : IConnectionLookup
    {
        public IReadOnlyList<ConnectionSnapshot> GetOpenConnections(string? relayId = null) => open.Where(c => relayId is null || c.RelayId == relayId).ToArray();
        public bool TryGetOpenConnection(Guid connectionId, out ConnectionSnapshot snapshot) { snapshot = open.FirstOrDefault(c => c.Id == connectionId)!; return snapshot is not null; }
        public CloseConnectionResult CloseConnection(Guid connectionId) => CloseConnectionResult.NotFound;
    }
}
