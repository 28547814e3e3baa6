using Microsoft.Extensions.Primitives;

namespace RelayEngine.Configuration;

/// <summary>An immutable snapshot of every relay the engine should run.</summary>
public interface IEngineConfig
{
    IReadOnlyList<RelayConfig> Relays { get; }

    /// <summary>Changes whenever the snapshot changes; agents use it to skip re-applying identical assignments.</summary>
    string RevisionId { get; }

    /// <summary>Fires once when this snapshot is stale; the engine then calls <see cref="IEngineConfigProvider.GetConfig"/> again.</summary>
    IChangeToken ChangeToken { get; }
}
