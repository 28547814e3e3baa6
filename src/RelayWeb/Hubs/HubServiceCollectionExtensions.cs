using RelayWeb.Api;
using RelayWeb.Auth;
using RelayWeb.Hubs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers and maps the SignalR hub <c>/hubs/events</c> and its broadcaster.</summary>
public static class HubServiceCollectionExtensions
{
    public static IServiceCollection AddRelayHub(this IServiceCollection services)
    {
        services.AddSignalR().AddJsonProtocol(o => RelayJson.Configure(o.PayloadSerializerOptions));
        services.AddSingleton<RelayHubAudience>();
        services.AddHostedService<EngineEventsBroadcaster>();
        return services;
    }

    public static IEndpointRouteBuilder MapRelayHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<RelayEventsHub>("/hubs/events").RequireAuthorization(RelayPolicies.Read);
        return app;
    }
}
