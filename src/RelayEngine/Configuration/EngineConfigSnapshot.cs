using Microsoft.Extensions.Primitives;

namespace RelayEngine.Configuration;

/// <summary>
/// The standard <see cref="IEngineConfig"/>: immutable lists of relays and tunnel ends, its revision, and a change token that fires once
/// when <see cref="SignalChange"/> is called. Providers build a new one, swap it in, then signal the old one
/// (YARP's InMemoryConfigProvider protocol).
/// </summary>
public sealed class EngineConfigSnapshot : IEngineConfig
{
    private readonly CancellationTokenSource _cts = new();

    public EngineConfigSnapshot(IReadOnlyList<RelayConfig> relays, string revisionId)
        : this(relays, [], revisionId)
    {
    }

    public EngineConfigSnapshot(IReadOnlyList<RelayConfig> relays, IReadOnlyList<TunnelConfig> tunnels, string revisionId)
    {
        Relays = relays ?? throw new ArgumentNullException(nameof(relays));
        Tunnels = tunnels ?? throw new ArgumentNullException(nameof(tunnels));
        RevisionId = revisionId ?? throw new ArgumentNullException(nameof(revisionId));
        ChangeToken = new CancellationChangeToken(_cts.Token);
    }

    public IReadOnlyList<RelayConfig> Relays { get; }
    public IReadOnlyList<TunnelConfig> Tunnels { get; }
    public string RevisionId { get; }
    public IChangeToken ChangeToken { get; }

    /// <summary>Marks this snapshot stale: the engine then asks its provider for the current one.</summary>
    public void SignalChange() => _cts.Cancel();
}
