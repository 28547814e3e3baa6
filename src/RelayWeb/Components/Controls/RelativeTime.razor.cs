using System.Globalization;
using Microsoft.AspNetCore.Components;
using RelayWeb.ViewModels;

namespace RelayWeb.Components.Controls;

/// <summary>A time as <c>5 min ago</c>, with the exact UTC time on hover.</summary>
public partial class RelativeTime
{
    [Parameter, EditorRequired]
    public DateTime Utc { get; set; }

    /// <summary>The page's clock, so every time on a page ages together.</summary>
    [Parameter, EditorRequired]
    public DateTime NowUtc { get; set; }

    private string Iso => DateTime.SpecifyKind(Utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
}
