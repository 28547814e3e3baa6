using RelayEngine.Configuration;

namespace RelayWeb.Services;

public enum RelayStoreStatus
{
    Ok,
    NotFound,

    /// <summary>Validation failed; see <see cref="RelayStoreResult.Errors"/>.</summary>
    Invalid,

    /// <summary>Another relay already has this name (errors name the field <c>name</c>).</summary>
    Conflict,
}

/// <summary>Outcome of a relay write. <see cref="RevisionId"/> is the engine config revision that carries the change.</summary>
public sealed record RelayStoreResult(RelayStoreStatus Status, RelayConfig? Relay = null, IReadOnlyList<ConfigError>? Errors = null, string? RevisionId = null)
{
    public static RelayStoreResult NotFound { get; } = new(RelayStoreStatus.NotFound);
}
