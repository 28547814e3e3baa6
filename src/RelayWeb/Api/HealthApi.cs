using Microsoft.AspNetCore.Http.HttpResults;
using RelayWeb.Api.Contracts;

namespace RelayWeb.Api;

/// <summary><c>GET /api/v1/health</c>, the tracker seed's health check: no authentication, no dependencies.</summary>
public static class HealthApi
{
    public static RouteGroupBuilder MapHealthApi(this RouteGroupBuilder api)
    {
        api.MapGet("/health", GetHealth).AllowAnonymous().WithTags("Health")
            .WithSummary("Liveness and version").WithDescription("No authentication. For readiness (database, engine, ledger) use /health/ready.");
        return api;
    }

    public static Ok<HealthDto> GetHealth(ServerInfo server) =>
        TypedResults.Ok(new HealthDto("ok", server.Version, (long)server.Uptime.TotalSeconds));
}
