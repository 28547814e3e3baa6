using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Controls;

/// <summary>A big number with a title, an icon and an optional caption or sparkline.</summary>
public partial class StatTile
{
    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter, EditorRequired]
    public required string Value { get; set; }

    [Parameter]
    public string Icon { get; set; } = "insights";

    /// <summary><c>neutral</c>, <c>good</c>, <c>bad</c> or <c>info</c>: colours the icon.</summary>
    [Parameter]
    public string Tone { get; set; } = "neutral";

    [Parameter]
    public RenderFragment? Caption { get; set; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    [Parameter]
    public string? TestId { get; set; }
}
