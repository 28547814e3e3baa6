using System.Net;
using RelayEngine.Configuration;

namespace RelayEngine.Transport;

/// <summary>
/// Resolves a UDP relay's targets for new sessions. IP literals are resolved once; DNS names are looked up when a session
/// opens and the last lookup is older than <see cref="RefreshInterval"/>, bounded by a timeout, so the receive loop
/// waits on DNS at most once per interval. A failed name keeps its previous address (or none).
/// </summary>
internal sealed class UdpTargetResolver
{
    /// <summary>How long resolved names are reused.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private readonly HostPort[] _targets;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly Action<HostPort, Exception> _onFailure;
    private readonly bool _allLiteral;
    private IPEndPoint?[] _resolved;
    private long _resolvedAt;
    private bool _resolvedOnce;

    public UdpTargetResolver(HostPort[] targets, TimeProvider time, TimeSpan timeout, Action<HostPort, Exception> onFailure)
    {
        _targets = targets;
        _time = time;
        _timeout = timeout;
        _onFailure = onFailure;
        _allLiteral = targets.All(t => t.Address is not null);
        _resolved = targets.Select(t => t.Address is { } ip ? new IPEndPoint(ip, t.Port) : null).ToArray();
    }

    /// <summary>The configured targets, in order.</summary>
    public IReadOnlyList<HostPort> Targets => _targets;

    /// <summary>Endpoints by target index; null where a name could not be resolved. Only the receive loop calls this.</summary>
    public ValueTask<IPEndPoint?[]> GetAsync(CancellationToken cancellationToken)
    {
        if (_allLiteral || (_resolvedOnce && _time.GetElapsedTime(_resolvedAt) < RefreshInterval))
        {
            return ValueTask.FromResult(_resolved);
        }
        return RefreshAsync(cancellationToken);
    }

    private async ValueTask<IPEndPoint?[]> RefreshAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var next = (IPEndPoint?[])_resolved.Clone();
        for (var i = 0; i < _targets.Length; i++)
        {
            if (_targets[i].Address is not null) continue;
            try
            {
                next[i] = await _targets[i].ResolveAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                _onFailure(_targets[i], e);
            }
        }
        _resolved = next;
        _resolvedAt = _time.GetTimestamp();
        _resolvedOnce = true;
        return next;
    }
}
