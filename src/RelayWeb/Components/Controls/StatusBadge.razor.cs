using Microsoft.AspNetCore.Components;
using Radzen;
using RelayEngine.Model;

namespace RelayWeb.Components.Controls;

/// <summary>A relay's state as a coloured pill: Running green, Faulted red (reason on hover or inline), Stopped grey.</summary>
public partial class StatusBadge
{
    [Parameter, EditorRequired]
    public RelayStatus Status { get; set; }

    [Parameter]
    public string? Reason { get; set; }

    /// <summary>Write a Faulted relay's reason beside the badge instead of only in its tooltip.</summary>
    [Parameter]
    public bool ShowReason { get; set; }

    private BadgeStyle Style => Status switch
    {
        RelayStatus.Running => BadgeStyle.Success,
        RelayStatus.Faulted => BadgeStyle.Danger,
        RelayStatus.Starting or RelayStatus.Stopping => BadgeStyle.Info,
        _ => BadgeStyle.Base,
    };

    private string? Tooltip => string.IsNullOrEmpty(Reason) ? null : Reason;
}
