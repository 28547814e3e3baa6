using RelayEngine.Configuration;

namespace RelayWeb.Services;

/// <summary>
/// Outcome of a tunnel write. <see cref="Tunnel"/> carries the full key only on create (so it can be shown once);
/// <see cref="RevisionId"/> is the engine config revision that carries the change.
/// </summary>
public sealed record TunnelStoreResult(RelayStoreStatus Status, TunnelDefinition? Tunnel = null, IReadOnlyList<ConfigError>? Errors = null, string? RevisionId = null)
{
    public static TunnelStoreResult NotFound { get; } = new(RelayStoreStatus.NotFound);
}
