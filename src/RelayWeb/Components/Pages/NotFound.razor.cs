using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Pages;

/// <summary>Shown by the router for an address that matches no page.</summary>
public partial class NotFound
{
    [Inject]
    public required NavigationManager Navigation { get; init; }
}
