using Microsoft.AspNetCore.Authentication;

namespace RelayWeb.Auth;

/// <summary>Options of <see cref="ApiTokenAuthenticationHandler"/>.</summary>
public sealed class ApiTokenAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>An admin token accepted besides stored tokens (<c>--api-token</c>); null or empty disables it.</summary>
    public string? ConfiguredToken { get; set; }
}
