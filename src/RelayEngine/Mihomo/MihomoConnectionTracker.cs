using Microsoft.Extensions.Logging;
using RelayEngine.Connections;
using RelayEngine.Model;

namespace RelayEngine.Mihomo;

/// <summary>
/// Turns Mihomo's full snapshots into connection lifecycles in the engine (<see cref="ConnectionRegistry"/>): an id seen for
/// the first time opens a connection; a known id adds the counter delta since the previous snapshot, so the 1-second
/// sampler attributes traffic to the interval in which it was observed; an id that is gone is completed with its last
/// counters. Not thread-safe: one loop (<see cref="MihomoConnectionSource"/>) calls it; time comes from the
/// <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Bytes Relay did not watch move are kept in the connection's totals but not counted as the pseudo-relay's traffic: the
/// counters of connections first seen in a session's first snapshot (they may have run for hours), and the first delta of
/// connections resumed from the ledger. A counter lower than in the previous snapshot means Mihomo restarted counting;
/// the new value is taken as bytes since then, never a negative delta.
/// </remarks>
internal sealed partial class MihomoConnectionTracker
{
    private readonly ConnectionRegistry _registry;
    private readonly RelayState _relay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<TrackedMihomoConnection> _closeRequested;
    private readonly string _listenFallback;
    private readonly Dictionary<Guid, TrackedMihomoConnection> _tracked = [];
    private bool _sessionHasSnapshot;
    private long _lastSeenTimestamp;

    /// <param name="registry">Where connections open and close.</param>
    /// <param name="relay">The pseudo-relay the connections count against.</param>
    /// <param name="time">Clock for start times and the grace period.</param>
    /// <param name="logger">For counters that go backwards and resumed rows.</param>
    /// <param name="closeRequested">
    /// Called when someone aborts a tracked connection (<see cref="IConnectionLookup.CloseConnection"/>), on the caller's
    /// thread: must not block (the source queues a <c>DELETE</c>).
    /// </param>
    public MihomoConnectionTracker(ConnectionRegistry registry, RelayState relay, TimeProvider time, ILogger logger, Action<TrackedMihomoConnection> closeRequested)
    {
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _relay = relay ?? throw new ArgumentNullException(nameof(relay));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _closeRequested = closeRequested ?? throw new ArgumentNullException(nameof(closeRequested));
        _listenFallback = relay.Config.Listen;
        _lastSeenTimestamp = time.GetTimestamp();
    }

    /// <summary>Connections currently open.</summary>
    public int Count => _tracked.Count;

    /// <summary>Time since the last snapshot (or since the tracker was created or resumed, before the first one).</summary>
    public TimeSpan SinceLastSeen => _time.GetElapsedTime(_lastSeenTimestamp);

    /// <summary>A new WebSocket session starts: its first snapshot sets baselines for connections not known yet.</summary>
    public void BeginSession() => _sessionHasSnapshot = false;

    /// <summary>Applies one full snapshot: opens, updates and closes connections.</summary>
    public MihomoSnapshotResult Apply(MihomoSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var firstOfSession = !_sessionHasSnapshot;
        _sessionHasSnapshot = true;
        _lastSeenTimestamp = _time.GetTimestamp();
        var nowUtc = _time.GetUtcNow().UtcDateTime;
        var connections = snapshot.Connections ?? [];
        var seen = new HashSet<Guid>(connections.Count);
        int opened = 0, updated = 0;

        foreach (var connection in connections)
        {
            if (connection is null || !MihomoConnectionMapper.TryGetId(connection.Id, out var id))
            {
                Log.SkippedWithoutId(_logger);
                continue;
            }
            if (!seen.Add(id)) continue;
            var up = Math.Max(0, connection.Upload);
            var down = Math.Max(0, connection.Download);
            if (_tracked.TryGetValue(id, out var tracked))
            {
                Update(tracked, connection, up, down);
                updated++;
            }
            else if (Open(id, connection, up, down, countOnRelay: !firstOfSession, nowUtc))
            {
                opened++;
            }
        }

        var closed = 0;
        if (_tracked.Count > opened + updated) // the rest were not in this snapshot: gone
        {
            foreach (var gone in _tracked.Values.Where(t => !seen.Contains(t.State.Id)).ToArray())
            {
                Close(gone, CloseReason.TargetClosed);
                closed++;
            }
        }
        return new MihomoSnapshotResult(opened, updated, closed, _tracked.Count);
    }

    /// <summary>
    /// Takes over the rows a previous run left open (<see cref="Ledger.ILedgerReader"/>): they are open again with their
    /// stored counters until a snapshot lists them (and they continue) or does not (and they close), or the grace period
    /// ends. Returns how many were resumed.
    /// </summary>
    public int Resume(IEnumerable<ConnectionSnapshot> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var resumed = 0;
        foreach (var row in rows)
        {
            if (!row.IsOpen || _tracked.ContainsKey(row.Id)) continue;
            var state = new ConnectionState(_relay, row.AgentId, row.Network, row.Source, row.Listen, row.StartUtc)
            {
                Id = row.Id,
                Target = row.Target,
                Metadata = row.Metadata,
            };
            state.AddTransferred(row.BytesUp, row.BytesDown, countOnRelay: false);
            if (!Track(row.Id.ToString("D"), state, row.BytesUp, row.BytesDown, baseline: true)) continue;
            resumed++;
        }
        _lastSeenTimestamp = _time.GetTimestamp();
        if (resumed > 0) Log.Resumed(_logger, resumed, _relay.RelayId);
        return resumed;
    }

    /// <summary>Closes every tracked connection with its last counters (the grace period ended). Returns how many.</summary>
    public int CloseAll(CloseReason reason)
    {
        var all = _tracked.Values.ToArray();
        foreach (var tracked in all) Close(tracked, reason);
        return all.Length;
    }

    /// <summary>
    /// Persists every open connection's counters now and stops following them without closing them: Mihomo still has
    /// them, and the next run resumes them from the ledger. For shutdown.
    /// </summary>
    public void FlushAll()
    {
        foreach (var tracked in _tracked.Values)
        {
            tracked.AbortRegistration.Dispose();
            _registry.Flush(tracked.State);
        }
    }

    /// <summary>Tracked connections a user asked to close whose <c>DELETE</c> failed; the caller sends them again.</summary>
    public IEnumerable<TrackedMihomoConnection> PendingCloseRetries() =>
        _tracked.Values.Where(t => t.DeleteFailed && t.State.Aborted.IsCancellationRequested);

    private bool Open(Guid id, MihomoConnection connection, long up, long down, bool countOnRelay, DateTime nowUtc)
    {
        var metadata = connection.Metadata;
        var state = new ConnectionState(
            _relay,
            _registry.AgentId,
            MihomoConnectionMapper.Network(metadata),
            MihomoConnectionMapper.Source(metadata),
            MihomoConnectionMapper.Listen(metadata, _listenFallback),
            MihomoConnectionMapper.StartUtc(connection.Start, nowUtc))
        {
            Id = id,
            Target = MihomoConnectionMapper.Target(metadata),
            Metadata = MihomoConnectionMapper.ToMetadata(connection),
        };
        state.AddTransferred(up, down, countOnRelay);
        return Track(connection.Id!, state, up, down, baseline: false);
    }

    private bool Track(string mihomoId, ConnectionState state, long up, long down, bool baseline)
    {
        _relay.TryEnterConnection(); // the pseudo-relay has no limit: always admitted, counted as active and total
        if (!_registry.OpenExternal(state))
        {
            _relay.ExitConnection();
            Log.DuplicateId(_logger, state.Id);
            return false;
        }
        var tracked = new TrackedMihomoConnection(mihomoId, state) { LastUp = up, LastDown = down, Baseline = baseline };
        tracked.AbortRegistration = state.Aborted.Register(static s =>
        {
            var (self, t) = ((MihomoConnectionTracker, TrackedMihomoConnection))s!;
            self._closeRequested(t);
        }, (this, tracked));
        _tracked[state.Id] = tracked;
        return true;
    }

    private void Update(TrackedMihomoConnection tracked, MihomoConnection connection, long up, long down)
    {
        var upDelta = up >= tracked.LastUp ? up - tracked.LastUp : up;
        var downDelta = down >= tracked.LastDown ? down - tracked.LastDown : down;
        if (up < tracked.LastUp || down < tracked.LastDown)
        {
            Log.CountersWentBackwards(_logger, tracked.State.Id, tracked.LastUp, up, tracked.LastDown, down);
        }
        tracked.State.AddTransferred(upDelta, downDelta, countOnRelay: !tracked.Baseline);
        tracked.Baseline = false;
        tracked.LastUp = up;
        tracked.LastDown = down;
        tracked.MihomoId = connection.Id!;

        var metadata = MihomoConnectionMapper.ToMetadata(connection);
        if (!metadata.Equals(tracked.State.Metadata))
        {
            tracked.State.Metadata = metadata;
            tracked.State.Target = MihomoConnectionMapper.Target(connection.Metadata) ?? tracked.State.Target;
        }
    }

    private void Close(TrackedMihomoConnection tracked, CloseReason reason)
    {
        tracked.AbortRegistration.Dispose();
        _tracked.Remove(tracked.State.Id);
        _registry.Complete(tracked.State, reason);
        _relay.ExitConnection();
    }
}
