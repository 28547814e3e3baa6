using System.Net;
using System.Net.Sockets;
using RelayEngine.Tunnels;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine.Tunnels;

public sealed class TunnelPoolTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<IDisposable> _disposables = [];
    private readonly List<int> _shortages = [];

    public TunnelPoolTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
    }

    private TunnelPool CreatePool(int maxWaiters = 8) => new(_time, maxWaiters, _shortages.Add);

    /// <summary>A real connected pair: the pooled end and its peer (to close it from the far side).</summary>
    private (TunnelDataConnection Pooled, Socket Peer) Connection()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(_listener.LocalEndPoint!);
        var peer = _listener.Accept();
        _disposables.Add(peer);
        var pooled = new TunnelDataConnection(client, null, Guid.Empty);
        _disposables.Add(pooled);
        return (pooled, peer);
    }

    [Fact]
    public async Task TakeAsync_IdleConnection_IsAHitWithoutWaiting()
    {
        // Arrange
        using var pool = CreatePool();
        var (pooled, _) = Connection();
        pool.Add(pooled);

        // Act
        var taken = await pool.TakeAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        // Assert
        Assert.Same(pooled, taken);
        Assert.Equal((1L, 0L), (pool.Hits, pool.Misses));
        Assert.Empty(_shortages);
    }

    [Fact]
    public async Task TakeAsync_Empty_IsAMissThatAsksForMoreAndGetsTheNextConnection()
    {
        // Arrange
        using var pool = CreatePool();
        var (pooled, _) = Connection();

        // Act
        var waiting = pool.TakeAsync(TimeSpan.FromSeconds(5), CancellationToken.None).AsTask();
        var pending = waiting.IsCompleted;
        pool.Add(pooled);
        var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        // Assert
        Assert.False(pending);
        Assert.Same(pooled, taken);
        Assert.Equal((0L, 1L), (pool.Hits, pool.Misses));
        Assert.Equal([1], _shortages);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task TakeAsync_NothingComes_ReturnsNullWhenTheFakeClockPassesTheTimeout()
    {
        // Arrange
        using var pool = CreatePool();

        // Act
        var waiting = pool.TakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromSeconds(9));
        var stillWaiting = !waiting.IsCompleted;
        _time.Advance(TimeSpan.FromSeconds(1));
        var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(5));

        // Assert
        Assert.True(stillWaiting);
        Assert.Null(taken);
        Assert.Equal(0, pool.WaiterCount);
    }

    [Fact]
    public void TryTake_PeerClosedAnIdleConnection_SkipsItForALiveOne()
    {
        // Arrange
        using var pool = CreatePool();
        var (dead, deadPeer) = Connection();
        var (live, _) = Connection();
        pool.Add(dead);
        pool.Add(live);
        deadPeer.Dispose();
        SpinWait.SpinUntil(() => !dead.IsProbablyAlive(), TimeSpan.FromSeconds(5));

        // Act
        var taken = pool.TryTake();

        // Assert
        Assert.Same(live, taken);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public async Task TakeAsync_TooManyWaiting_ReturnsNullAtOnce()
    {
        // Arrange
        using var pool = CreatePool(maxWaiters: 1);
        var first = pool.TakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None).AsTask();

        // Act
        var second = await pool.TakeAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        // Assert
        Assert.Null(second);
        Assert.False(first.IsCompleted);
        pool.Dispose();
        Assert.Null(await first.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void DropOtherSessions_ClosesOnlyOlderSessionsIdleConnections()
    {
        // Arrange
        using var pool = CreatePool();
        var current = Guid.NewGuid();
        var (old, _) = Connection();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(_listener.LocalEndPoint!);
        _disposables.Add(_listener.Accept());
        var fresh = new TunnelDataConnection(client, null, current);
        _disposables.Add(fresh);
        pool.Add(old);
        pool.Add(fresh);

        // Act
        pool.DropOtherSessions(current);

        // Assert
        Assert.Equal(1, pool.IdleCount);
        Assert.False(old.IsProbablyAlive());
        Assert.Same(fresh, pool.TryTake());
    }

    public void Dispose()
    {
        foreach (var disposable in _disposables) disposable.Dispose();
        _listener.Dispose();
    }
}
