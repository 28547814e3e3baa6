using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RelayWeb.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer TOKEN</c> / <c>X-API-Key: TOKEN</c> against the configured <c>--api-token</c>
/// (scope admin, actor <c>token:api-token</c>) and the stored tokens. A presented but unknown or revoked token fails (401).
/// </summary>
public sealed partial class ApiTokenAuthenticationHandler(
    IOptionsMonitor<ApiTokenAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiTokenService tokens)
    : AuthenticationHandler<ApiTokenAuthenticationOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ApiTokenRequest.Read(Request);
        if (string.IsNullOrEmpty(secret)) return AuthenticateResult.NoResult();

        if (Options.ConfiguredToken is { Length: > 0 } configured && ApiTokenSecrets.SecretsEqual(secret, configured))
        {
            return Success(RelayPrincipal.ForToken(RelayPrincipal.ConfiguredTokenName, RelayScopes.Admin, null, Scheme.Name));
        }

        var token = await tokens.AuthenticateAsync(secret, Context.RequestAborted);
        if (token is null)
        {
            Log.TokenRejected(Logger, Request.Path, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return AuthenticateResult.Fail("The API token is invalid or revoked.");
        }
        return Success(RelayPrincipal.ForToken(token.Name, token.Scope, token.Id, Scheme.Name, token.AgentId));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"relay\", error=\"invalid_token\"";
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
}
