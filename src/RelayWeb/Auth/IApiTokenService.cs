namespace RelayWeb.Auth;

/// <summary>Creates, lists, revokes and checks API tokens. Creating and revoking are audited with the caller's actor.</summary>
public interface IApiTokenService
{
    Task<IReadOnlyList<ApiTokenInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a token named <paramref name="name"/> (unique among tokens not revoked) with <paramref name="scope"/>. An
    /// <c>agent</c> token may be bound to <paramref name="agentId"/>: it then syncs as that agent only.
    /// </summary>
    Task<ApiTokenCreateResult> CreateAsync(string? name, string? scope, string actor, CancellationToken cancellationToken = default, string? agentId = null);

    /// <summary>Revokes a token; false when no token has that id. Revoking a revoked token succeeds and changes nothing.</summary>
    Task<bool> RevokeAsync(string tokenId, string actor, CancellationToken cancellationToken = default);

    /// <summary>The token whose secret is <paramref name="secret"/>, if it exists and is not revoked; records its use (at most once a minute).</summary>
    Task<ApiTokenInfo?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default);
}
