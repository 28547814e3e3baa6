using System.Net;
using RelayEngine.Configuration;

namespace RelayEngine.Transport;

/// <summary>
/// The order in which a new connection tries a relay's targets. Failover: always from the first. Round-robin: each new
/// connection starts one further along; on a failed connect both move on to the next target. Also keeps, per target, its
/// text and (for IP literals) its endpoint, so a new connection formats and parses nothing.
/// </summary>
internal sealed class TargetSelector
{
    private readonly HostPort[] _targets;
    private readonly string[] _texts;
    private readonly IPEndPoint?[] _literals;
    private readonly TargetStrategy _strategy;
    private int _next = -1;

    public TargetSelector(IReadOnlyList<string> targets, TargetStrategy strategy)
    {
        _targets = targets.Select(t => EndpointParser.TryParseTarget(t, out var hp, out _) ? hp : throw new ArgumentException($"Invalid target '{t}'.", nameof(targets))).ToArray();
        _texts = _targets.Select(t => t.ToString()).ToArray();
        _literals = _targets.Select(t => t.Address is { } ip ? new IPEndPoint(ip, t.Port) : null).ToArray();
        _strategy = strategy;
    }

    public IReadOnlyList<HostPort> Targets => _targets;

    public int Count => _targets.Length;

    /// <summary>Index of the first target a new connection tries; attempt <c>i</c> uses <c>(start + i) % Count</c>.</summary>
    public int NextStart() => _strategy == TargetStrategy.RoundRobin ? (int)((uint)Interlocked.Increment(ref _next) % (uint)_targets.Length) : 0;

    public HostPort this[int index] => _targets[index];

    /// <summary>The target as <c>host:port</c> text (what the ledger records).</summary>
    public string TextOf(int index) => _texts[index];

    /// <summary>The endpoint of an IP-literal target; null for a DNS name (resolve it per connection).</summary>
    public IPEndPoint? LiteralEndPointOf(int index) => _literals[index];

    /// <summary>Fills <paramref name="order"/> with the targets to try, first choice first.</summary>
    public void GetAttemptOrder(Span<HostPort> order)
    {
        var start = NextStart();
        for (var i = 0; i < _targets.Length; i++) order[i] = _targets[(start + i) % _targets.Length];
    }
}
