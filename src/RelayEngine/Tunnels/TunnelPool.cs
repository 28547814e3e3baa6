namespace RelayEngine.Tunnels;

/// <summary>
/// The idle data connections at the end that opens user connections (the server in reverse flow, the client in forward
/// flow), with a bounded queue of user connections waiting for one. A take that finds an idle, live connection is a hit;
/// one that has to wait is a miss and asks for more (<c>shortage</c>). Waits are bounded by a timeout on the injected
/// <see cref="TimeProvider"/>; the lock guards only list updates.
/// </summary>
internal sealed class TunnelPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TunnelDataConnection> _idle = new();
    private readonly LinkedList<TaskCompletionSource<TunnelDataConnection?>> _waiters = new();
    private readonly TimeProvider _time;
    private readonly int _maxWaiters;
    private readonly Action<int> _shortage;
    private readonly TunnelState? _stats;
    private readonly Action<int>? _taken;
    private long _hits;
    private long _misses;
    private bool _disposed;

    /// <param name="time">Clock for wait timeouts.</param>
    /// <param name="maxWaiters">Most user connections waiting at once.</param>
    /// <param name="shortage">Called (outside the lock) with the number of waiters after a miss: dial or ask for more.</param>
    /// <param name="stats">Where hits and misses are also counted for snapshots, if anywhere.</param>
    /// <param name="taken">Called (outside the lock) with the idle count left after each take, hit or handed over: refill.</param>
    public TunnelPool(TimeProvider time, int maxWaiters, Action<int> shortage, TunnelState? stats = null, Action<int>? taken = null)
    {
        _time = time;
        _maxWaiters = Math.Max(1, maxWaiters);
        _shortage = shortage;
        _stats = stats;
        _taken = taken;
    }

    public int IdleCount { get { lock (_gate) return _idle.Count; } }
    public int WaiterCount { get { lock (_gate) return _waiters.Count; } }
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Adds a new idle connection, or hands it straight to the oldest waiter. Returns false (and disposes it) after <see cref="Dispose"/>.</summary>
    public bool Add(TunnelDataConnection connection)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                connection.Dispose();
                return false;
            }
            while (_waiters.First is { } waiter)
            {
                _waiters.RemoveFirst();
                if (waiter.Value.TrySetResult(connection)) return true;
            }
            _idle.AddLast(connection);
            return true;
        }
    }

    /// <summary>Takes an idle live connection at once, or null; dead ones found on the way are disposed.</summary>
    public TunnelDataConnection? TryTake()
    {
        List<TunnelDataConnection>? dead = null;
        TunnelDataConnection? found = null;
        lock (_gate)
        {
            while (_idle.First is { } first)
            {
                _idle.RemoveFirst();
                if (first.Value.IsProbablyAlive()) { found = first.Value; break; }
                (dead ??= []).Add(first.Value);
            }
        }
        if (dead is not null) foreach (var connection in dead) connection.Dispose();
        return found;
    }

    /// <summary>An idle live connection counted as a hit, or null (nothing counted: call <see cref="TakeAsync"/> next).</summary>
    public TunnelDataConnection? TryTakeCounted()
    {
        if (TryTake() is not { } hit) return null;
        Interlocked.Increment(ref _hits);
        _stats?.CountPoolHit();
        _taken?.Invoke(IdleCount);
        return hit;
    }

    /// <summary>
    /// An idle connection (a hit), or waits up to <paramref name="timeout"/> for a new one (a miss). Null when the wait timed
    /// out, too many are waiting, or the pool was disposed.
    /// </summary>
    public async ValueTask<TunnelDataConnection?> TakeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (TryTakeCounted() is { } hit) return hit;
        Interlocked.Increment(ref _misses);
        _stats?.CountPoolMiss();
        var waiter = new TaskCompletionSource<TunnelDataConnection?>(TaskCreationOptions.RunContinuationsAsynchronously);
        LinkedListNode<TaskCompletionSource<TunnelDataConnection?>> node;
        int waiting;
        lock (_gate)
        {
            if (_disposed || _waiters.Count >= _maxWaiters) return null;
            node = _waiters.AddLast(waiter);
            waiting = _waiters.Count;
        }
        _shortage(waiting);
        try
        {
            var handed = await waiter.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            if (handed is not null) _taken?.Invoke(IdleCount);
            return handed;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                if (node.List is not null) _waiters.Remove(node);
            }
            // A connection handed over just as the wait ended must not leak.
            if (waiter.Task.IsCompletedSuccessfully && waiter.Task.Result is { } late)
            {
                if (e is OperationCanceledException) { late.Dispose(); throw; }
                return late;
            }
            waiter.TrySetResult(null);
            if (e is OperationCanceledException) throw;
            return null;
        }
    }

    /// <summary>Disposes idle connections the peer has closed; returns how many are left.</summary>
    public int Sweep()
    {
        List<TunnelDataConnection>? dead = null;
        int left;
        lock (_gate)
        {
            var node = _idle.First;
            while (node is not null)
            {
                var next = node.Next;
                if (!node.Value.IsProbablyAlive())
                {
                    _idle.Remove(node);
                    (dead ??= []).Add(node.Value);
                }
                node = next;
            }
            left = _idle.Count;
        }
        if (dead is not null) foreach (var connection in dead) connection.Dispose();
        return left;
    }

    /// <summary>Disposes idle connections that belong to any other session than <paramref name="current"/>.</summary>
    public void DropOtherSessions(Guid current)
    {
        List<TunnelDataConnection> dropped = [];
        lock (_gate)
        {
            var node = _idle.First;
            while (node is not null)
            {
                var next = node.Next;
                if (node.Value.Session != current)
                {
                    _idle.Remove(node);
                    dropped.Add(node.Value);
                }
                node = next;
            }
        }
        foreach (var connection in dropped) connection.Dispose();
    }

    /// <summary>Closes every idle connection and fails every waiter; later adds are refused.</summary>
    public void Dispose()
    {
        TunnelDataConnection[] idle;
        TaskCompletionSource<TunnelDataConnection?>[] waiters;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            waiters = [.. _waiters];
            _idle.Clear();
            _waiters.Clear();
        }
        foreach (var waiter in waiters) waiter.TrySetResult(null);
        foreach (var connection in idle) connection.Dispose();
    }
}
