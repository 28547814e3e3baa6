namespace RelayWeb.AgentSync;

/// <summary>Holds the current <see cref="AgentSyncStatus"/>; writers swap a new one in, readers take it whole.</summary>
public sealed class AgentSyncState
{
    private AgentSyncStatus _current = new();

    public AgentSyncStatus Current => Volatile.Read(ref _current);

    /// <summary>Applies <paramref name="change"/> atomically (retried on a race) and returns the new status.</summary>
    public AgentSyncStatus Update(Func<AgentSyncStatus, AgentSyncStatus> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        while (true)
        {
            var before = Volatile.Read(ref _current);
            var after = change(before);
            if (Interlocked.CompareExchange(ref _current, after, before) == before) return after;
        }
    }
}
