using Microsoft.AspNetCore.Http.HttpResults;
using RelayWeb.Api.Contracts;
using RelayWeb.Auth;

namespace RelayWeb.Api;

/// <summary><c>/api/v1/tokens</c> (admin only): list API tokens (never their secrets), create one (its secret is shown once), revoke one.</summary>
public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(RelayPolicies.Write);
        tokens.MapGet("/", ListTokens).WithSummary("List API tokens").WithDescription("Shows each token's prefix, scope and last use; never the secret or its hash.");
        tokens.MapPost("/", CreateToken).ProducesProblem(409).WithSummary("Create an API token")
            .WithDescription("Scopes: admin (everything), read-only (GET only), agent (POST /api/v1/sync only; with agentId it may sync as that agent only). The response holds the secret; it is never shown again.");
        tokens.MapDelete("/{id}", RevokeToken).ProducesProblem(404).WithSummary("Revoke an API token").WithDescription("Requests with a revoked token get 401 at once.");
        return api;
    }

    public static async Task<Ok<List<ApiTokenDto>>> ListTokens(IApiTokenService tokens, CancellationToken cancellationToken)
    {
        var list = await tokens.ListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(ApiTokenDto.From).ToList());
    }

    public static async Task<Results<Created<CreatedApiTokenDto>, ValidationProblem, ProblemHttpResult>> CreateToken(
        CreateApiTokenRequest request, IApiTokenService tokens, ICurrentActor actor, CancellationToken cancellationToken)
    {
        var result = await tokens.CreateAsync(request.Name, request.Scope, actor.Actor, cancellationToken, request.AgentId);
        if (result.Succeeded)
        {
            var dto = ApiTokenDto.From(result.Token!);
            return TypedResults.Created($"/api/v1/tokens/{dto.Id}", new CreatedApiTokenDto(dto, result.Secret!));
        }
        var errors = new Dictionary<string, string[]>(result.Errors ?? new Dictionary<string, string[]>());
        return result.IsConflict
            ? ApiProblems.Conflict("Token name already in use", errors.Values.SelectMany(m => m).First(), errors)
            : TypedResults.ValidationProblem(errors);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(string id, IApiTokenService tokens, ICurrentActor actor, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(id, actor.Actor, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound("Token", id);
}
