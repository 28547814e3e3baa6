using Microsoft.Extensions.Primitives;

namespace RelayEngine.Configuration;

/// <summary>Holds a snapshot in memory; <see cref="Update"/> swaps it and signals the old one stale.</summary>
public sealed class InMemoryEngineConfigProvider : IEngineConfigProvider
{
    private volatile InMemoryEngineConfig _config;

    public InMemoryEngineConfigProvider(IEnumerable<RelayConfig>? relays = null)
    {
        _config = new InMemoryEngineConfig(relays?.ToArray() ?? [], Guid.NewGuid().ToString("N"));
    }

    public IEngineConfig GetConfig() => _config;

    /// <summary>Replaces the whole snapshot. Returns the new revision id.</summary>
    public string Update(IEnumerable<RelayConfig> relays, string? revisionId = null)
    {
        var next = new InMemoryEngineConfig(relays.ToArray(), revisionId ?? Guid.NewGuid().ToString("N"));
        var previous = Interlocked.Exchange(ref _config, next);
        previous.SignalChange();
        return next.RevisionId;
    }

    private sealed class InMemoryEngineConfig : IEngineConfig
    {
        private readonly CancellationTokenSource _cts = new();

        public InMemoryEngineConfig(IReadOnlyList<RelayConfig> relays, string revisionId)
        {
            Relays = relays;
            RevisionId = revisionId;
            ChangeToken = new CancellationChangeToken(_cts.Token);
        }

        public IReadOnlyList<RelayConfig> Relays { get; }
        public string RevisionId { get; }
        public IChangeToken ChangeToken { get; }

        internal void SignalChange() => _cts.Cancel();
    }
}
