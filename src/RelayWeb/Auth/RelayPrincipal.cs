using System.Security.Claims;

namespace RelayWeb.Auth;

/// <summary>
/// Builds the principals Relay signs in, and reads the audit actor back from any principal: <c>user:NAME</c> for dashboard
/// users, <c>token:NAME</c> for API tokens (<c>token:api-token</c> for the <c>--api-token</c> one). Blazor components can call
/// <see cref="GetActor"/> with their <c>AuthenticationState.User</c>.
/// </summary>
public static class RelayPrincipal
{
    /// <summary>Claim holding the audit actor.</summary>
    public const string ActorClaim = "relay:actor";

    /// <summary>Name of the configured <c>--api-token</c> in the audit log.</summary>
    public const string ConfiguredTokenName = "api-token";

    /// <summary>Claim holding the stored token's id.</summary>
    public const string TokenIdClaim = "relay:token_id";

    /// <summary>Claim holding the agent id an <c>agent</c>-scoped token is bound to (absent when unbound).</summary>
    public const string AgentIdClaim = "relay:agent_id";

    public static ClaimsPrincipal ForUser(string userName, string role, string authenticationType) =>
        Create(userName, role, "user:" + userName, authenticationType);

    public static ClaimsPrincipal ForToken(string tokenName, string scope, string? tokenId, string authenticationType, string? agentId = null)
    {
        var principal = Create(tokenName, scope, "token:" + tokenName, authenticationType);
        var identity = (ClaimsIdentity)principal.Identity!;
        if (tokenId is not null) identity.AddClaim(new Claim(TokenIdClaim, tokenId));
        if (agentId is not null) identity.AddClaim(new Claim(AgentIdClaim, agentId));
        return principal;
    }

    /// <summary>The audit actor of <paramref name="user"/>; <c>system</c> when nobody is signed in.</summary>
    public static string GetActor(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true
            ? user.FindFirst(ActorClaim)?.Value ?? "user:" + (user.Identity.Name ?? "unknown")
            : "system";

    private static ClaimsPrincipal Create(string name, string role, string actor, string authenticationType)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), new Claim(ActorClaim, actor)],
            authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }
}
