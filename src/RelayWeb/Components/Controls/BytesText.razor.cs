using Microsoft.AspNetCore.Components;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Controls;

/// <summary>A byte count as <c>1.2 MB</c>, with the exact number on hover.</summary>
public partial class BytesText
{
    [Parameter, EditorRequired]
    public long Value { get; set; }

    private string Exact => DisplayFormat.Count(Value) + " bytes";
}
