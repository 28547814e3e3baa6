using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RelayWeb.Api;

/// <summary>
/// Describes the API's authentication in the OpenAPI document: <c>Authorization: Bearer TOKEN</c> or <c>X-API-Key: TOKEN</c>
/// on every operation except the anonymous ones (health).
/// </summary>
internal sealed class OpenApiSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string Bearer = "bearer";
    private const string ApiKey = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Relay API",
            Version = "v1",
            Description = "Relays, the connection ledger, live events and API tokens. Authenticate with `Authorization: Bearer TOKEN` or `X-API-Key: TOKEN`; " +
                "tokens have scope admin (everything), read-only (GET) or agent. Errors are RFC 9457 problem details.",
        };
        document.AddComponent<IOpenApiSecurityScheme>(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token (rly_...) or the --api-token.",
        });
        document.AddComponent<IOpenApiSecurityScheme>(ApiKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-API-Key",
            Description = "The same token in the X-API-Key header.",
        });
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] },
        ];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = []; // overrides the document-wide requirement
            return Task.CompletedTask;
        }
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid token or login (problem details)." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's scope does not allow this (problem details)." });
        return Task.CompletedTask;
    }
}
