using System.Net;
using RelayEngine.Configuration;

namespace RelayEngine.Model;

/// <summary>
/// The runtime holder of one relay (YARP's ClusterState): a volatile reference to its immutable config plus thread-safe
/// counters. Counters are added to from the data path with Interlocked; nothing here allocates per packet.
/// </summary>
internal sealed class RelayState
{
    private long _totalConnections;
    private long _refusedConnections;
    private long _failedConnections;
    private long _bytesUp;
    private long _bytesDown;
    private int _activeConnections;
    private volatile RelaySnapshotStatus _status = new(RelayStatus.Stopped, null, null, null);

    public RelayState(RelayConfig config) => Config = config;

    public volatile RelayConfig Config;

    /// <summary>
    /// True for the pseudo-relay of an external source (Mihomo): it has no listener and is not in the configuration, so it
    /// cannot be edited, restarted or rebound. See <see cref="ExternalRelayStates"/>.
    /// </summary>
    public bool IsExternal { get; init; }

    public string RelayId => Config.RelayId;
    public RelayStatus Status => _status.Status;
    public string? StatusReason => _status.Reason;
    public IPEndPoint? BoundEndPoint => _status.BoundEndPoint;
    public int ActiveConnections => Volatile.Read(ref _activeConnections);
    public long BytesUp => Interlocked.Read(ref _bytesUp);
    public long BytesDown => Interlocked.Read(ref _bytesDown);
    public long TotalConnections => Interlocked.Read(ref _totalConnections);

    public void SetStatus(RelayStatus status, string? reason = null, IPEndPoint? boundEndPoint = null, DateTime? startedUtc = null)
        => _status = new RelaySnapshotStatus(status, reason, boundEndPoint, startedUtc ?? (status == RelayStatus.Running ? _status.StartedUtc : null));

    /// <summary>Counts a new connection against <see cref="RelayConfig.MaxConnections"/>. False (and counted as refused) when full.</summary>
    public bool TryEnterConnection()
    {
        var max = Config.MaxConnections ?? 0;
        var active = Interlocked.Increment(ref _activeConnections);
        if (max > 0 && active > max)
        {
            Interlocked.Decrement(ref _activeConnections);
            Interlocked.Increment(ref _refusedConnections);
            return false;
        }
        Interlocked.Increment(ref _totalConnections); // admitted connections only; refusals have their own counter
        return true;
    }

    public void ExitConnection() => Interlocked.Decrement(ref _activeConnections);
    public void CountFailed() => Interlocked.Increment(ref _failedConnections);
    public void AddUp(long bytes) => Interlocked.Add(ref _bytesUp, bytes);
    public void AddDown(long bytes) => Interlocked.Add(ref _bytesDown, bytes);

    public RelaySnapshot ToSnapshot()
    {
        var status = _status;
        return new RelaySnapshot
        {
            Config = Config,
            Status = status.Status,
            StatusReason = status.Reason,
            BoundEndPoint = status.BoundEndPoint,
            StartedUtc = status.StartedUtc,
            ActiveConnections = ActiveConnections,
            TotalConnections = TotalConnections,
            RefusedConnections = Interlocked.Read(ref _refusedConnections),
            FailedConnections = Interlocked.Read(ref _failedConnections),
            BytesUp = BytesUp,
            BytesDown = BytesDown,
            IsExternal = IsExternal,
        };
    }

    private sealed record RelaySnapshotStatus(RelayStatus Status, string? Reason, IPEndPoint? BoundEndPoint, DateTime? StartedUtc);
}
