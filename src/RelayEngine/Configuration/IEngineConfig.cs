using Microsoft.Extensions.Primitives;

namespace RelayEngine.Configuration;

/// <summary>An immutable snapshot of every relay and tunnel end the engine should run.</summary>
public interface IEngineConfig
{
    IReadOnlyList<RelayConfig> Relays { get; }

    /// <summary>Tunnel ends to run (server or client). Providers that know no tunnels keep the default: none.</summary>
    IReadOnlyList<TunnelConfig> Tunnels => [];

    /// <summary>Changes whenever the snapshot changes; agents use it to skip re-applying identical assignments.</summary>
    string RevisionId { get; }

    /// <summary>Fires once when this snapshot is stale; the engine then calls <see cref="IEngineConfigProvider.GetConfig"/> again.</summary>
    IChangeToken ChangeToken { get; }
}
