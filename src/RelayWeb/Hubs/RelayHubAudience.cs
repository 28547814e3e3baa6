namespace RelayWeb.Hubs;

/// <summary>
/// Who is connected to <see cref="RelayEventsHub"/>, so <see cref="EngineEventsBroadcaster"/> reads the engine's events
/// only while someone listens. Why: the feed turns every connection's open and close into a DTO and a group send; with
/// no hub client that was pure cost on the new-connection path (bench/relay-vs-peers.sh, wrk Connection: close).
/// A client that connects waits until the feed is subscribed, so it misses nothing from then on.
/// </summary>
public sealed class RelayHubAudience
{
    private readonly Lock _gate = new();
    private int _clients;
    private long _generation;
    private TaskCompletionSource<Listening> _present = NewSource<Listening>();
    private TaskCompletionSource _feeding = NewSource();
    private CancellationTokenSource _gone = new();

    /// <summary>A period with at least one client: its number and a token cancelled when the last client leaves.</summary>
    public readonly record struct Listening(long Generation, CancellationToken Gone);

    public int Clients { get { lock (_gate) return _clients; } }

    public void ClientConnected()
    {
        lock (_gate)
        {
            if (_clients++ > 0) return;
            _generation++;
            _gone = new CancellationTokenSource();
            _present.TrySetResult(new Listening(_generation, _gone.Token));
        }
    }

    public void ClientDisconnected()
    {
        CancellationTokenSource gone;
        lock (_gate)
        {
            if (_clients == 0 || --_clients > 0) return;
            _present = NewSource<Listening>();
            _feeding = NewSource();
            gone = _gone;
        }
        gone.Cancel(); // outside the gate: it ends the broadcaster's feed, whose callbacks must not run under it
    }

    /// <summary>Completes when at least one client is connected (at once if one is).</summary>
    public Task<Listening> WhenListenedAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _present.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The broadcaster has subscribed to the feed for <paramref name="generation"/>.</summary>
    public void FeedStarted(long generation)
    {
        lock (_gate)
        {
            if (generation == _generation && _clients > 0) _feeding.TrySetResult();
        }
    }

    /// <summary>Completes once the broadcaster reads the feed for the current clients.</summary>
    public Task WhenFeedingAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _feeding.Task.WaitAsync(cancellationToken);
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
