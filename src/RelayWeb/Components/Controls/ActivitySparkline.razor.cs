using Microsoft.AspNetCore.Components;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Controls;

/// <summary>A small trend line under a tile (for example open connections over the chart's window).</summary>
public partial class ActivitySparkline
{
    [Parameter, EditorRequired]
    public required IReadOnlyList<ThroughputPoint> Points { get; set; }

    /// <summary>Which <see cref="ThroughputPoint"/> property to draw. Default open connections.</summary>
    [Parameter]
    public string ValueProperty { get; set; } = nameof(ThroughputPoint.ActiveConnections);
}
