using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RelayEngine.Events;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;

namespace RelayEngine.Connections;

/// <summary>
/// Every open connection of every relay. Listeners call <see cref="Open"/> when a connection starts and
/// <see cref="Complete"/> exactly once when it ends; the registry publishes the change and hands the record to the ledger.
/// Opens, counter updates and closes of one connection are serialized under one lock so subscribers never see an
/// update after the close. The lock guards only dictionary updates and non-blocking channel writes.
/// </summary>
internal sealed class ConnectionRegistry : IConnectionLookup, IConnectionStatistics
{
    private readonly CloseReasonCounters _closed = new();
    private readonly ConcurrentDictionary<Guid, ConnectionState> _open = new();
    private readonly Lock _gate = new();
    private readonly EngineEventHub _events;
    private readonly LedgerWriter _ledger;
    private readonly TimeProvider _time;
    private readonly string _agentId;

    public ConnectionRegistry(EngineEventHub events, LedgerWriter ledger, TimeProvider time, IOptions<RelayEngineOptions> options)
    {
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _agentId = options.Value.AgentId;
    }

    public int OpenCount => _open.Count;

    /// <inheritdoc />
    public IReadOnlyList<ClosedConnectionCount> GetClosedCounts() => _closed.Snapshot();

    /// <summary>Registers a new open connection and announces it.</summary>
    public ConnectionState Open(RelayState relay, string network, string source, string listen, string? target = null)
    {
        var connection = new ConnectionState(relay, _agentId, network, source, listen, _time.GetUtcNow().UtcDateTime) { Target = target };
        var snapshot = connection.ToSnapshot();
        connection.LastPublishedUp = 0;
        connection.LastPublishedDown = 0;
        connection.LastPersistedTimestamp = _time.GetTimestamp();
        lock (_gate)
        {
            _open[connection.Id] = connection;
            _events.PublishConnection(new ConnectionChange(ChangeKind.Upsert, snapshot));
            _ledger.TryEnqueue(snapshot);
        }
        return connection;
    }

    /// <summary>This node's id, stamped on every connection (<see cref="RelayEngineOptions.AgentId"/>).</summary>
    public string AgentId => _agentId;

    /// <summary>
    /// Registers and announces a connection built by an external source (Mihomo) with its own id, start time, counters
    /// and metadata. The source owns its lifetime: it adds counters with <see cref="ConnectionState.AddTransferred"/> and
    /// calls <see cref="Complete"/> when the connection ends. False (nothing recorded) when that id is already open.
    /// </summary>
    public bool OpenExternal(ConnectionState connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.LastPublishedUp = connection.BytesUp;
        connection.LastPublishedDown = connection.BytesDown;
        connection.LastPersistedTimestamp = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_open.TryAdd(connection.Id, connection)) return false;
            var snapshot = connection.ToSnapshot();
            _events.PublishConnection(new ConnectionChange(ChangeKind.Upsert, snapshot));
            _ledger.TryEnqueue(snapshot);
        }
        return true;
    }

    /// <summary>Publishes and persists an open connection's current counters now, whatever the sampler's schedule.</summary>
    public void Flush(ConnectionState connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            if (!_open.ContainsKey(connection.Id)) return;
            var snapshot = connection.ToSnapshot();
            connection.LastPublishedUp = snapshot.BytesUp;
            connection.LastPublishedDown = snapshot.BytesDown;
            connection.LastPersistedTimestamp = _time.GetTimestamp();
            _events.PublishConnection(new ConnectionChange(ChangeKind.Upsert, snapshot));
            _ledger.TryEnqueue(snapshot);
        }
    }

    /// <summary>Announces that an open connection reached its target (so live views and the ledger show where it went).</summary>
    public void TargetConnected(ConnectionState connection)
    {
        lock (_gate)
        {
            if (!_open.ContainsKey(connection.Id)) return;
            var snapshot = connection.ToSnapshot();
            _events.PublishConnection(new ConnectionChange(ChangeKind.Upsert, snapshot));
            _ledger.TryEnqueue(snapshot);
        }
    }

    /// <summary>
    /// Ends a connection. The reason requested through <see cref="ConnectionState.Abort"/> (admin, relay stop) wins over
    /// <paramref name="observedReason"/>. Safe to call more than once; only the first call records.
    /// </summary>
    public ConnectionSnapshot? Complete(ConnectionState connection, CloseReason observedReason)
    {
        var requested = connection.RequestedCloseReason;
        var reason = requested != CloseReason.None ? requested : observedReason;
        lock (_gate)
        {
            if (!_open.TryRemove(connection.Id, out _)) return null;
            var snapshot = connection.ToSnapshot(_time.GetUtcNow().UtcDateTime, reason);
            _closed.Count(snapshot.RelayId, reason);
            _events.PublishConnection(new ConnectionChange(ChangeKind.Remove, snapshot));
            _ledger.TryEnqueue(snapshot);
            return snapshot;
        }
    }

    /// <summary>Records a connection that never opened (refused by the connection limit): a closed ledger row, no live entry.</summary>
    public ConnectionSnapshot RecordRejected(RelayState relay, string network, string source, string listen, CloseReason reason)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var connection = new ConnectionState(relay, _agentId, network, source, listen, now);
        var snapshot = connection.ToSnapshot(now, reason);
        _closed.Count(snapshot.RelayId, reason);
        lock (_gate)
        {
            _events.PublishConnection(new ConnectionChange(ChangeKind.Remove, snapshot));
            _ledger.TryEnqueue(snapshot);
        }
        return snapshot;
    }

    /// <summary>
    /// Called by the 1-second sampler: publishes connections whose counters moved and persists open ones every
    /// <paramref name="persistEvery"/>. Under the gate, so an update can never follow the close.
    /// </summary>
    public void PublishCounterUpdates(TimeSpan persistEvery)
    {
        var now = _time.GetTimestamp();
        foreach (var connection in _open.Values)
        {
            var up = connection.BytesUp;
            var down = connection.BytesDown;
            var moved = up != connection.LastPublishedUp || down != connection.LastPublishedDown;
            var persist = _time.GetElapsedTime(connection.LastPersistedTimestamp, now) >= persistEvery;
            if (!moved && !persist) continue;
            lock (_gate)
            {
                if (!_open.ContainsKey(connection.Id)) continue;
                var snapshot = connection.ToSnapshot();
                if (moved)
                {
                    connection.LastPublishedUp = up;
                    connection.LastPublishedDown = down;
                    _events.PublishConnection(new ConnectionChange(ChangeKind.Upsert, snapshot));
                }
                if (persist)
                {
                    connection.LastPersistedTimestamp = now;
                    _ledger.TryEnqueue(snapshot);
                }
            }
        }
    }

    /// <summary>Open connections of one relay, for stopping it.</summary>
    public IEnumerable<ConnectionState> OpenStatesOf(RelayState relay) => _open.Values.Where(c => ReferenceEquals(c.Relay, relay));

    public IReadOnlyList<ConnectionSnapshot> GetOpenConnections(string? relayId = null) =>
        _open.Values
            .Where(c => relayId is null || string.Equals(c.Relay.RelayId, relayId, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.StartUtc)
            .Select(c => c.ToSnapshot())
            .ToArray();

    public bool TryGetOpenConnection(Guid connectionId, out ConnectionSnapshot snapshot)
    {
        if (_open.TryGetValue(connectionId, out var state))
        {
            snapshot = state.ToSnapshot();
            return true;
        }
        snapshot = null!;
        return false;
    }

    public CloseConnectionResult CloseConnection(Guid connectionId)
    {
        if (!_open.TryGetValue(connectionId, out var state)) return CloseConnectionResult.NotFound;
        return state.Abort(CloseReason.ClosedByAdmin) ? CloseConnectionResult.Closed : CloseConnectionResult.AlreadyClosed;
    }
}
