using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace RelayWeb.Components;

/// <summary>
/// The document. Pages marked <c>[ExcludeFromInteractiveRouting]</c> (the login page, which must set a cookie) render as
/// static HTML; every other page runs interactively on the server circuit.
/// </summary>
public partial class App
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    // No prerendering: live pages subscribe to the engine once, on the circuit, and nothing is clickable before it works.
    private static readonly IComponentRenderMode s_interactive = new InteractiveServerRenderMode(prerender: false);

    private IComponentRenderMode? PageRenderMode => HttpContext.AcceptsInteractiveRouting() ? s_interactive : null;
}
