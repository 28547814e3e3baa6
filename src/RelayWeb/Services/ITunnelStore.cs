namespace RelayWeb.Services;

/// <summary>
/// The stored tunnels. Every write validates both ends with <see cref="RelayEngine.Configuration.TunnelConfigValidator"/>, is
/// audited with <paramref name="actor"/>, and reloads the engine's snapshot (and the agents' assignments), so the change applies
/// without a restart. Reads return keys redacted; only <see cref="CreateAsync"/> returns the key, once.
/// </summary>
public interface ITunnelStore
{
    Task<IReadOnlyList<TunnelDefinition>> ListAsync(CancellationToken cancellationToken = default);

    Task<TunnelDefinition?> GetAsync(string tunnelId, CancellationToken cancellationToken = default);

    /// <summary>Creates a tunnel with a new id; an empty key is generated. The result carries the key in full.</summary>
    Task<TunnelStoreResult> CreateAsync(TunnelDefinition tunnel, string actor, CancellationToken cancellationToken = default);

    /// <summary>Replaces a tunnel's configuration; a key of null, empty or <c>***</c> keeps the stored key.</summary>
    Task<TunnelStoreResult> UpdateAsync(TunnelDefinition tunnel, string actor, CancellationToken cancellationToken = default);

    Task<TunnelStoreResult> DeleteAsync(string tunnelId, string actor, CancellationToken cancellationToken = default);

    Task<TunnelStoreResult> SetEnabledAsync(string tunnelId, bool enabled, string actor, CancellationToken cancellationToken = default);
}
