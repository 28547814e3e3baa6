namespace RelayWeb.Auth;

/// <summary>
/// A stored API token as lists show it: never the secret nor its hash, only the first characters. <see cref="AgentId"/> is
/// the agent an <c>agent</c>-scoped token is bound to (null: any agent).
/// </summary>
public sealed record ApiTokenInfo(
    string Id,
    string Name,
    string Scope,
    string Prefix,
    DateTime CreatedUtc,
    DateTime? LastUsedUtc,
    DateTime? RevokedUtc,
    string? CreatedBy,
    string? AgentId = null)
{
    public bool IsRevoked => RevokedUtc is not null;
}
