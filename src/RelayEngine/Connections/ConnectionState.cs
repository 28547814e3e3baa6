using RelayEngine.Model;

namespace RelayEngine.Connections;

/// <summary>
/// The runtime holder of one open connection or UDP session. Byte counters are added to by the copy loops (Interlocked,
/// no events); <see cref="Abort"/> lets anyone close it. The owning listener reports the end through
/// <see cref="ConnectionRegistry.Complete"/> exactly once.
/// </summary>
internal sealed class ConnectionState
{
    private readonly CancellationTokenSource _abort = new();
    private long _bytesUp;
    private long _bytesDown;
    private int _closeReason; // CloseReason requested by Abort; first one wins
    private volatile string? _target;
    private volatile ConnectionMetadata? _metadata;

    public ConnectionState(RelayState relay, string agentId, string network, string source, string listen, DateTime startUtc)
    {
        Relay = relay;
        AgentId = agentId;
        Network = network;
        Source = source;
        Listen = listen;
        StartUtc = startUtc;
        Id = ConnectionIds.NewVersion7(startUtc);
    }

    /// <summary>A new version 7 GUID for the start time, unless a source that has its own ids (Mihomo) sets it.</summary>
    public Guid Id { get; init; }
    public RelayState Relay { get; }
    public string AgentId { get; }
    public string Network { get; }
    public string Source { get; }
    public string Listen { get; }
    public DateTime StartUtc { get; }

    public string? Target { get => _target; set => _target = value; }

    /// <summary>What an external source reported about this connection; null for relayed connections.</summary>
    public ConnectionMetadata? Metadata { get => _metadata; set => _metadata = value; }

    public long BytesUp => Interlocked.Read(ref _bytesUp);
    public long BytesDown => Interlocked.Read(ref _bytesDown);

    /// <summary>Cancelled when someone asked to close this connection (admin, relay stop).</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>The reason given to <see cref="Abort"/>, or <see cref="CloseReason.None"/>.</summary>
    public CloseReason RequestedCloseReason => (CloseReason)Volatile.Read(ref _closeReason);

    /// <summary>Which side ended the connection first: 0 not yet, 1 the client, 2 the target (set once, by the copy loops).</summary>
    private int _firstToClose;

    /// <summary>
    /// The close reason the side that ended first stands for: <see cref="CloseReason.ClientClosed"/> when the client sent FIN
    /// or failed first, <see cref="CloseReason.TargetClosed"/> for the target, null while neither has.
    /// </summary>
    public CloseReason? FirstToCloseReason => Volatile.Read(ref _firstToClose) switch
    {
        1 => CloseReason.ClientClosed,
        2 => CloseReason.TargetClosed,
        _ => null,
    };

    /// <summary>
    /// Records that the client (true) or the target (false) sent FIN or failed; only the first call counts. True when
    /// this call was the first.
    /// </summary>
    public bool MarkClosedBy(bool client) => Interlocked.CompareExchange(ref _firstToClose, client ? 1 : 2, 0) == 0;

    /// <summary>Last time of the previously published counters; used by the sampler to skip idle connections.</summary>
    internal long LastPublishedUp;
    internal long LastPublishedDown;
    internal long LastPersistedTimestamp;

    public void AddUp(int bytes)
    {
        Interlocked.Add(ref _bytesUp, bytes);
        Relay.AddUp(bytes);
    }

    public void AddDown(int bytes)
    {
        Interlocked.Add(ref _bytesDown, bytes);
        Relay.AddDown(bytes);
    }

    /// <summary>
    /// Adds bytes an external source counted (Mihomo's per-snapshot deltas). With <paramref name="countOnRelay"/> false
    /// only the connection's totals move, not its relay's traffic: for bytes moved before this process observed them.
    /// </summary>
    public void AddTransferred(long up, long down, bool countOnRelay = true)
    {
        if (up != 0) Interlocked.Add(ref _bytesUp, up);
        if (down != 0) Interlocked.Add(ref _bytesDown, down);
        if (!countOnRelay) return;
        if (up != 0) Relay.AddUp(up);
        if (down != 0) Relay.AddDown(down);
    }

    /// <summary>
    /// <see cref="TimeProvider.GetTimestamp"/> of the last read or write while relaying, 0 before relaying starts. Written by the
    /// copy loops at most once per <see cref="Transport.IdleTimer"/> granularity, read by the listener's shared idle timer.
    /// </summary>
    internal long LastActivityTimestamp;

    /// <summary>
    /// Cancels the connection's I/O without recording a close reason: one direction failed and the other must stop too.
    /// The close reason is then the observed one (unlike <see cref="Abort"/>, whose reason wins).
    /// </summary>
    internal void CancelIo()
    {
        try { _abort.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>Asks the connection to close. Returns false if a close was already requested.</summary>
    public bool Abort(CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, (int)reason, (int)CloseReason.None) != (int)CloseReason.None)
        {
            return false;
        }
        try { _abort.Cancel(); } catch (ObjectDisposedException) { }
        AbortHandler?.OnAbortRequested();
        return true;
    }

    /// <summary>
    /// Told when <see cref="Abort"/> is called, for a data path that does not wait on <see cref="Aborted"/> (the epoll
    /// loop, which owns its sockets on one thread and is asked to close them). Set once, by the owning listener.
    /// </summary>
    internal IConnectionAbortHandler? AbortHandler { get; set; }

    public ConnectionSnapshot ToSnapshot(DateTime? endUtc = null, CloseReason closeReason = CloseReason.None) => new()
    {
        Id = Id,
        AgentId = AgentId,
        RelayId = Relay.RelayId,
        Network = Network,
        Source = Source,
        Listen = Listen,
        Target = Target,
        StartUtc = StartUtc,
        EndUtc = endUtc,
        BytesUp = BytesUp,
        BytesDown = BytesDown,
        CloseReason = closeReason,
        Metadata = Metadata,
    };
}
