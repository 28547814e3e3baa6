using System.Collections.Concurrent;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>
/// The connections a TCP relay has admitted and not yet recorded as closed: what its idle sweep walks and what its stop
/// drains. A connection adds itself when admitted and removes itself once recorded.
/// </summary>
internal sealed class OpenConnectionSet
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _draining;

    /// <summary>The connections, for <see cref="IdleTimer"/>.</summary>
    public ConcurrentDictionary<ConnectionState, byte> Items { get; } = new();

    public void Add(ConnectionState connection) => Items.TryAdd(connection, 0);

    public void Remove(ConnectionState connection)
    {
        Items.TryRemove(connection, out _);
        if (_draining && Items.IsEmpty) _drained.TrySetResult();
    }

    /// <summary>
    /// Call once no connection can be admitted any more. Lets the open ones finish for up to <paramref name="timeout"/>,
    /// then aborts the rest with <see cref="CloseReason.RelayStopped"/>; completes when every one has been recorded.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout, TimeProvider time)
    {
        _draining = true; // before the emptiness check: a connection leaving after it sees the flag and signals
        if (Items.IsEmpty) return;
        try
        {
            await _drained.Task.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            foreach (var (connection, _) in Items) connection.Abort(CloseReason.RelayStopped);
        }
        await _drained.Task.ConfigureAwait(false);
    }
}
