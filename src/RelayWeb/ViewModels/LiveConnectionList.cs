using RelayEngine.Connections;
using RelayEngine.Events;

namespace RelayWeb.ViewModels;

/// <summary>
/// The open connections a page shows, kept current from <see cref="IEngineEvents.SubscribeConnectionsAsync"/>: start
/// from the initial state, then apply each batch. Closed connections stay for <see cref="ClosedRetention"/> marked closed
/// with their final counters, so a person sees them end instead of vanishing. Not thread-safe: touch it only on the
/// renderer's context (inside <c>InvokeAsync</c>).
/// </summary>
public sealed class LiveConnectionList
{
    private readonly Dictionary<Guid, LiveConnectionRow> _rows = [];
    private IReadOnlyList<LiveConnectionRow>? _ordered;

    public LiveConnectionList(TimeSpan? closedRetention = null) => ClosedRetention = closedRetention ?? TimeSpan.FromSeconds(10);

    public TimeSpan ClosedRetention { get; }

    public int OpenCount => _rows.Values.Count(r => !r.IsClosed);

    public int Count => _rows.Count;

    /// <summary>Open connections first, newest first; then recently closed ones, most recently closed first.</summary>
    public IReadOnlyList<LiveConnectionRow> Rows => _ordered ??= _rows.Values
        .OrderBy(r => r.IsClosed ? 1 : 0)
        .ThenByDescending(r => r.ClosedSeenUtc ?? DateTime.MinValue)
        .ThenByDescending(r => r.StartUtc)
        .ThenBy(r => r.Id)
        .ToArray();

    public bool TryGet(Guid id, out LiveConnectionRow row) => _rows.TryGetValue(id, out row!);

    public void Reset(IEnumerable<ConnectionSnapshot> initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _rows.Clear();
        foreach (var connection in initial) _rows[connection.Id] = new LiveConnectionRow(connection);
        _ordered = null;
    }

    /// <summary>
    /// Applies one batch in order. Upsert adds or refreshes an open row (a late counter update for a row already closed
    /// is ignored); Remove marks the row closed with the final snapshot; Resync drops every open row, and the Upserts
    /// that follow in the batch are the full current state.
    /// </summary>
    public void Apply(IReadOnlyList<ConnectionChange> batch, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var change in batch)
        {
            switch (change.Kind)
            {
                case ChangeKind.Resync:
                    foreach (var open in _rows.Values.Where(r => !r.IsClosed).Select(r => r.Id).ToArray()) _rows.Remove(open);
                    break;
                case ChangeKind.Upsert when change.Connection is { } connection:
                    if (_rows.TryGetValue(connection.Id, out var existing) && existing.IsClosed) break;
                    _rows[connection.Id] = connection.IsOpen
                        ? new LiveConnectionRow(connection)
                        : new LiveConnectionRow(connection, nowUtc);
                    break;
                case ChangeKind.Remove when change.Connection is { } closed:
                    _rows[closed.Id] = new LiveConnectionRow(closed, nowUtc);
                    break;
            }
        }
        _ordered = null;
    }

    /// <summary>Drops closed rows older than <see cref="ClosedRetention"/>. True when something was removed.</summary>
    public bool Prune(DateTime nowUtc)
    {
        var expired = _rows.Values.Where(r => r.ClosedSeenUtc is { } seen && nowUtc - seen >= ClosedRetention).Select(r => r.Id).ToArray();
        foreach (var id in expired) _rows.Remove(id);
        if (expired.Length > 0) _ordered = null;
        return expired.Length > 0;
    }

    /// <summary>Rows whose source, target or relay name contains <paramref name="search"/> (case-insensitive).</summary>
    public IReadOnlyList<LiveConnectionRow> Filter(string? search, Func<string, string> relayName)
    {
        ArgumentNullException.ThrowIfNull(relayName);
        if (string.IsNullOrWhiteSpace(search)) return Rows;
        var term = search.Trim();
        return Rows.Where(r => r.Source.Contains(term, StringComparison.OrdinalIgnoreCase)
            || r.Target.Contains(term, StringComparison.OrdinalIgnoreCase)
            || r.Host.Contains(term, StringComparison.OrdinalIgnoreCase)
            || r.Rule.Contains(term, StringComparison.OrdinalIgnoreCase)
            || r.Chains.Contains(term, StringComparison.OrdinalIgnoreCase)
            || relayName(r.RelayId).Contains(term, StringComparison.OrdinalIgnoreCase)).ToArray();
    }
}
