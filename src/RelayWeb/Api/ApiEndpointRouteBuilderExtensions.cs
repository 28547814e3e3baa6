using RelayWeb.NodePass;
using RelayWeb.Api;
using RelayWeb.Master;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps <c>/api/v1</c>, the OpenAPI document (<c>/openapi/v1.json</c>) and Swagger UI (<c>/swagger</c>); the last two need no login.</summary>
public static class ApiEndpointRouteBuilderExtensions
{
    public static WebApplication MapRelayApi(this WebApplication app)
    {
        app.Services.GetRequiredService<ServerInfo>(); // starts the uptime clock now
        var api = app.MapGroup("/api/v1");
        api.MapHealthApi();
        api.MapRelaysApi();
        api.MapTunnelsApi();
        api.MapNodePassApi();
        api.MapConnectionsApi();
        api.MapStatsApi();
        api.MapEventsApi();
        api.MapTokensApi();
        api.MapSyncApi();
        api.MapAgentsApi();
        api.MapJobsApi();
        api.MapBackupsApi();
        api.MapSettingsApi();

        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/openapi/v1.json", "Relay API v1");
            o.DocumentTitle = "Relay API";
        });
        return app;
    }
}
