namespace RelayWeb.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/tokens</c>: a name and a scope (<c>admin</c>, <c>read-only</c> or <c>agent</c>).</summary>
public sealed record CreateApiTokenRequest(string? Name, string? Scope);
