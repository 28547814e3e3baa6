namespace RelayEngine.Configuration;

/// <summary>Holds a snapshot in memory; <see cref="Update(IEnumerable{RelayConfig}, string?)"/> swaps it and signals the old one stale.</summary>
public sealed class InMemoryEngineConfigProvider : IEngineConfigProvider
{
    private volatile EngineConfigSnapshot _config;

    public InMemoryEngineConfigProvider(IEnumerable<RelayConfig>? relays = null, IEnumerable<TunnelConfig>? tunnels = null)
    {
        _config = new EngineConfigSnapshot(relays?.ToArray() ?? [], tunnels?.ToArray() ?? [], Guid.NewGuid().ToString("N"));
    }

    public IEngineConfig GetConfig() => _config;

    /// <summary>Replaces the relays and keeps the tunnels. Returns the new revision id.</summary>
    public string Update(IEnumerable<RelayConfig> relays, string? revisionId = null) => Update(relays, _config.Tunnels, revisionId);

    /// <summary>Replaces the whole snapshot. Returns the new revision id.</summary>
    public string Update(IEnumerable<RelayConfig> relays, IEnumerable<TunnelConfig> tunnels, string? revisionId = null)
    {
        var next = new EngineConfigSnapshot(relays.ToArray(), tunnels.ToArray(), revisionId ?? Guid.NewGuid().ToString("N"));
        var previous = Interlocked.Exchange(ref _config, next);
        previous.SignalChange();
        return next.RevisionId;
    }
}
