using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Pages;

/// <summary>
/// Live and History views of the connection ledger. The view and a pre-selected relay live in the query string
/// (<c>?view=history&amp;relay=ID</c>), so a link or a reload keeps them.
/// </summary>
public partial class Connections
{
    private const string LiveView = "live";
    private const string HistoryView = "history";

    [SupplyParameterFromQuery(Name = "view")]
    public string? View { get; set; }

    [SupplyParameterFromQuery(Name = "relay")]
    public string? Relay { get; set; }

    [SupplyParameterFromQuery(Name = "agent")]
    public string? Agent { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private string CurrentView => string.Equals(View, HistoryView, StringComparison.OrdinalIgnoreCase) ? HistoryView : LiveView;

    private void SetView(string view) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("view", view == LiveView ? null : view));
}
