using RelayEngine.Configuration;

namespace RelayWeb.Services;

/// <summary>
/// The stored relay configuration (the database is the source of truth for <c>relay serve</c>). Every write validates with
/// <see cref="IEngineConfigValidator"/>, is audited with <paramref name="actor"/>, and invalidates the engine's config
/// snapshot, so the change is applied at once without a restart.
/// </summary>
public interface IRelayStore
{
    Task<IReadOnlyList<RelayConfig>> ListAsync(CancellationToken cancellationToken = default);

    Task<RelayConfig?> GetAsync(string relayId, CancellationToken cancellationToken = default);

    /// <summary>Creates a relay; <see cref="RelayConfig.RelayId"/> is ignored and a new id generated.</summary>
    Task<RelayStoreResult> CreateAsync(RelayConfig relay, string actor, CancellationToken cancellationToken = default);

    Task<RelayStoreResult> UpdateAsync(RelayConfig relay, string actor, CancellationToken cancellationToken = default);

    Task<RelayStoreResult> DeleteAsync(string relayId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Start (true) or stop (false): persists <see cref="RelayConfig.Enabled"/>.</summary>
    Task<RelayStoreResult> SetEnabledAsync(string relayId, bool enabled, string actor, CancellationToken cancellationToken = default);
}
