namespace RelayWeb.Auth;

/// <summary>A stored API token as lists show it: never the secret nor its hash, only the first characters.</summary>
public sealed record ApiTokenInfo(
    string Id,
    string Name,
    string Scope,
    string Prefix,
    DateTime CreatedUtc,
    DateTime? LastUsedUtc,
    DateTime? RevokedUtc,
    string? CreatedBy)
{
    public bool IsRevoked => RevokedUtc is not null;
}
