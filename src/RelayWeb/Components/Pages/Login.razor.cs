using Microsoft.AspNetCore.Components;

namespace RelayWeb.Components.Pages;

/// <summary>
/// The sign-in form. Static server rendering (not interactive): it posts to <c>/account/login</c>, which sets the cookie
/// and redirects back here with <c>?error=invalid|locked</c> on failure.
/// </summary>
public partial class Login
{
    [SupplyParameterFromQuery(Name = "error")]
    public string? Error { get; set; }

    [SupplyParameterFromQuery(Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "username")]
    public string? UserName { get; set; }

    private static string MachineName => Environment.MachineName;

    private string? ErrorMessage => Error switch
    {
        null or "" => null,
        "invalid" => "Wrong user name or password.",
        "locked" => "Too many failed attempts. Wait a few minutes, then try again.",
        "expired" => "The sign-in form expired. Please sign in again.",
        _ => "Sign-in failed. Try again.",
    };

    /// <summary>Only local paths, so the form cannot be used to bounce a person to another site.</summary>
    private string SafeReturnUrl => IsLocalPath(ReturnUrl) ? ReturnUrl! : "/";

    internal static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl);
}
