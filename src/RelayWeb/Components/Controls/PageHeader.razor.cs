using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Controls;

/// <summary>A page's title row: optional breadcrumb, title, subtitle, and actions on the right.</summary>
public partial class PageHeader
{
    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter]
    public RenderFragment? Subtitle { get; set; }

    [Parameter]
    public RenderFragment? Breadcrumb { get; set; }

    [Parameter]
    public RenderFragment? Actions { get; set; }
}
