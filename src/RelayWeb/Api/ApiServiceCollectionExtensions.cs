using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayWeb.Api;
using RelayWeb.Api.Events;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the REST API: JSON conventions, problem details for every error, the OpenAPI document and the event feed.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddRelayApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<JsonOptions>(o => RelayJson.Configure(o.SerializerOptions));
        // Binding failures throw BadHttpRequestException, which ProblemDetailsExceptionHandler turns into a problem that says what is wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiSecurityTransformer>();
            o.AddOperationTransformer<OpenApiSecurityTransformer>();
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        });
        services.AddSingleton<ServerInfo>();
        services.AddSingleton<RelayWeb.Data.NodePassInstanceStore>();
        services.AddSingleton<RelayWeb.NodePass.RelayCounterBaselines>();
        services.AddSingleton<RelayWeb.NodePass.NodePassInstances>();
        services.AddSingleton<RelayWeb.NodePass.NodePassInstanceWriter>();
        services.AddSingleton<RelayWeb.NodePass.NodePassSystemInfo>();
        services.AddSingleton<EngineEventFeed>();
        return services;
    }
}
