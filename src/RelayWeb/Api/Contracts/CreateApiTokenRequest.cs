namespace RelayWeb.Api.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/tokens</c>: a name and a scope (<c>admin</c>, <c>read-only</c> or <c>agent</c>); for an
/// <c>agent</c> token optionally <c>agentId</c>, the only agent it may sync as.
/// </summary>
public sealed record CreateApiTokenRequest(string? Name, string? Scope, string? AgentId = null);
