using RelayWeb.Auth;

namespace RelayWeb.Api.Contracts;

/// <summary>An API token as lists show it: the first characters of the secret (<c>prefix</c>), never the secret or its hash.</summary>
public sealed record ApiTokenDto(string Id, string Name, string Scope, string Prefix, DateTime CreatedUtc, DateTime? LastUsedUtc, DateTime? RevokedUtc, string? CreatedBy, bool Revoked, string? AgentId)
{
    public static ApiTokenDto From(ApiTokenInfo t) =>
        new(t.Id, t.Name, t.Scope, t.Prefix, t.CreatedUtc, t.LastUsedUtc, t.RevokedUtc, t.CreatedBy, t.IsRevoked, t.AgentId);
}
