using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using RelayWeb.Api.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Relay's health endpoints: <c>/health/live</c> (process up, no dependencies) and <c>/health/ready</c> (database, engine, ledger, scheduler, backups).</summary>
public static class HealthCheckExtensions
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddRelayHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<EngineHealthCheck>("engine", tags: [ReadyTag])
            .AddCheck<LedgerHealthCheck>("ledger", tags: [ReadyTag])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [ReadyTag])
            .AddCheck<BackupHealthCheck>("backups", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapRelayHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        return app;
    }
}
