using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Controls;

/// <summary>What an empty list says: what is missing, and (in <see cref="ChildContent"/>) the button that fixes it.</summary>
public partial class EmptyState
{
    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter]
    public string? Text { get; set; }

    [Parameter]
    public string Icon { get; set; } = "inbox";

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    [Parameter]
    public string? TestId { get; set; }
}
