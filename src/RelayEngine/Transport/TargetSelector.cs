using RelayEngine.Configuration;

namespace RelayEngine.Transport;

/// <summary>
/// The order in which a new connection tries a relay's targets. Failover: always from the first. Round-robin: each new
/// connection starts one further along; on a failed connect both move on to the next target.
/// </summary>
internal sealed class TargetSelector
{
    private readonly HostPort[] _targets;
    private readonly TargetStrategy _strategy;
    private int _next = -1;

    public TargetSelector(IReadOnlyList<string> targets, TargetStrategy strategy)
    {
        _targets = targets.Select(t => EndpointParser.TryParseTarget(t, out var hp, out _) ? hp : throw new ArgumentException($"Invalid target '{t}'.", nameof(targets))).ToArray();
        _strategy = strategy;
    }

    public IReadOnlyList<HostPort> Targets => _targets;

    /// <summary>Fills <paramref name="order"/> with the targets to try, first choice first.</summary>
    public void GetAttemptOrder(Span<HostPort> order)
    {
        var start = _strategy == TargetStrategy.RoundRobin ? (int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Length) : 0;
        for (var i = 0; i < _targets.Length; i++) order[i] = _targets[(start + i) % _targets.Length];
    }
}
