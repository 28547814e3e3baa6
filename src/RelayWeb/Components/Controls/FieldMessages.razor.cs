using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Controls;

/// <summary>Validation messages shown right under the field they belong to.</summary>
public partial class FieldMessages
{
    [Parameter, EditorRequired]
    public IReadOnlyList<string> Messages { get; set; } = [];

    [Parameter]
    public string? TestId { get; set; }
}
