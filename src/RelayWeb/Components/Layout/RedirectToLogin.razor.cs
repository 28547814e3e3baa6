using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Layout;

public partial class RedirectToLogin
{
    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized()
    {
        // A full page load, so the login page renders statically and the sign-in endpoint can set its cookie.
        var returnUrl = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.NavigateTo("/login?returnUrl=" + Uri.EscapeDataString(returnUrl), forceLoad: true);
    }
}
