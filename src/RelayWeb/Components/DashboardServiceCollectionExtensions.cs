using Radzen;
using RelayWeb.Components.Dialogs;

namespace Microsoft.Extensions.DependencyInjection;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Registers the dashboard's UI services: Radzen's dialog, notification, tooltip and context-menu services (one per
    /// circuit) and <see cref="RelayActions"/>. Pages read the engine and the store directly; nothing here is a singleton.
    /// </summary>
    public static IServiceCollection AddRelayDashboard(this IServiceCollection services)
    {
        services.AddRadzenComponents();
        services.AddScoped<RelayActions>();
        return services;
    }
}
