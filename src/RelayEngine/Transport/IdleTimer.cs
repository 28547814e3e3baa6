using System.Collections.Concurrent;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>
/// One coarse inactivity timer per TCP listener, shared by all its connections (a timer wheel with a single slot): copy
/// loops stamp <see cref="ConnectionState.LastActivityTimestamp"/> at most once per <see cref="Granularity"/>, and every
/// <see cref="Granularity"/> the timer closes the relaying connections that have been quiet for the idle timeout, with
/// <see cref="CloseReason.IdleTimeout"/>. A connection therefore closes between <c>timeout</c> and <c>timeout + 2 ×
/// granularity</c> after its last byte.
/// </summary>
/// <remarks>
/// Why not a <see cref="CancellationTokenSource"/> with a timer per connection (the previous shape, and YARP's
/// ActivityCancellationTokenSource): that costs a CTS, a linked CTS and a timer-queue insert and delete per connection,
/// which showed up at 10k+ new connections/s (bench/run-vs-peers.sh, wrk Connection: close). The sweep costs one walk over
/// the open connections per granularity; nothing per connection beyond a timestamp.
/// </remarks>
internal sealed class IdleTimer : IDisposable
{
    private static readonly TimeSpan MaxGranularity = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinGranularity = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ConnectionState, byte> _connections;
    private readonly long _timeoutTicks;
    private readonly long _granularityTicks;
    private readonly ITimer _timer;

    /// <param name="timeout">How long a relaying connection may stay quiet.</param>
    /// <param name="time">Clock and timer source.</param>
    /// <param name="connections">The listener's open connections; only those with a non-zero activity stamp are swept.</param>
    public IdleTimer(TimeSpan timeout, TimeProvider time, ConcurrentDictionary<ConnectionState, byte> connections)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _connections = connections ?? throw new ArgumentNullException(nameof(connections));
        // A quarter of the timeout, within [50 ms, 1 s]: a 1-hour timeout is checked every second, a 500 ms one every 125 ms.
        Granularity = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, MinGranularity.Ticks, MaxGranularity.Ticks));
        _timeoutTicks = ToTimestampTicks(timeout);
        _granularityTicks = ToTimestampTicks(Granularity);
        _timer = time.CreateTimer(static state => ((IdleTimer)state!).Sweep(), this, Granularity, Granularity);
    }

    /// <summary>How often connections are checked, and how coarse their activity stamps are.</summary>
    public TimeSpan Granularity { get; }

    /// <summary>Starts counting idleness for <paramref name="connection"/> (it has connected and is about to relay).</summary>
    public void Start(ConnectionState connection) => Volatile.Write(ref connection.LastActivityTimestamp, Now());

    /// <summary>Records activity. Called per read; writes the shared stamp at most once per granularity.</summary>
    public void Touch(ConnectionState connection)
    {
        var now = Now();
        if (now - Volatile.Read(ref connection.LastActivityTimestamp) >= _granularityTicks)
        {
            Volatile.Write(ref connection.LastActivityTimestamp, now);
        }
    }

    internal void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (connection, _) in _connections)
        {
            var last = Volatile.Read(ref connection.LastActivityTimestamp);
            if (last != 0 && now - last >= _timeoutTicks) connection.Abort(CloseReason.IdleTimeout);
        }
    }

    public void Dispose() => _timer.Dispose();

    // 0 means "not relaying yet", so a clock that starts at 0 (a test clock) is read as 1.
    private long Now() => Math.Max(1, _time.GetTimestamp());

    private long ToTimestampTicks(TimeSpan span)
    {
        var ticks = span.Ticks * (_time.TimestampFrequency / (double)TimeSpan.TicksPerSecond);
        return ticks >= long.MaxValue ? long.MaxValue : Math.Max(1, (long)ticks);
    }
}
