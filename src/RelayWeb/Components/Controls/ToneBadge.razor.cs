using Microsoft.AspNetCore.Components;
using Radzen;

namespace RelayWeb.Components.Controls;

/// <summary>A coloured pill for any state: <c>good</c> green, <c>bad</c> red, <c>info</c> blue, <c>neutral</c> grey (job states, run outcomes).</summary>
public partial class ToneBadge
{
    [Parameter, EditorRequired]
    public required string Text { get; set; }

    /// <summary><c>good</c>, <c>bad</c>, <c>info</c> or <c>neutral</c>.</summary>
    [Parameter]
    public string Tone { get; set; } = "neutral";

    /// <summary>A machine-readable state for tests (<c>data-state</c>).</summary>
    [Parameter]
    public string? State { get; set; }

    [Parameter]
    public string? Tooltip { get; set; }

    [Parameter]
    public string? TestId { get; set; }

    private BadgeStyle Style => Tone switch
    {
        "good" => BadgeStyle.Success,
        "bad" => BadgeStyle.Danger,
        "info" => BadgeStyle.Info,
        _ => BadgeStyle.Base,
    };
}
