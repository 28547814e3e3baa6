using Microsoft.AspNetCore.Components;
using RelayEngine.Connections;

namespace RelayWeb.Components.Controls;

/// <summary>"open" as a green pill, or why the connection ended (failures in red).</summary>
public partial class CloseReasonText
{
    [Parameter, EditorRequired]
    public required ConnectionSnapshot Connection { get; set; }
}
