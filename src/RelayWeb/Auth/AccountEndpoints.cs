using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RelayWeb.Auth;

/// <summary>
/// The dashboard's sign-in and sign-out. <c>POST /account/login</c> takes the <c>/login</c> page's form (<c>username</c>,
/// <c>password</c>, <c>returnUrl</c>, antiforgery token) and redirects: to the local <c>returnUrl</c> (or <c>/</c>) on success,
/// else to <c>/login?error=invalid|locked|expired&amp;returnUrl=...</c>. <c>POST /account/logout</c> redirects to <c>/login</c>.
/// </summary>
public static partial class AccountEndpoints
{
    public const string LoginPath = "/login";

    public static IEndpointRouteBuilder MapRelayAccount(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();
        // Antiforgery is validated by hand so an expired form sends the user back to the login page instead of a 400.
        account.MapPost("/login", LoginAsync).DisableAntiforgery();
        account.MapPost("/logout", (Delegate)LogoutAsync).DisableAntiforgery();
        return app;
    }

    public static async Task<IResult> LoginAsync(HttpContext context, IAntiforgery antiforgery, UserAccountService users, LoginThrottle throttle, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AccountEndpoints).FullName!);
        if (!context.Request.HasFormContentType) return TypedResults.Redirect(LoginPath + "?error=invalid");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = IsLocalUrl(form["returnUrl"]) ? form["returnUrl"].ToString() : null;
        if (!await antiforgery.IsRequestValidAsync(context)) return Failed("expired", returnUrl);

        var userName = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (userName.Length == 0 || password.Length == 0) return Failed("invalid", returnUrl);
        if (throttle.IsLocked(remote, userName))
        {
            Log.LoginLocked(logger, userName, remote ?? "unknown");
            return Failed("locked", returnUrl);
        }

        var user = await users.ValidateCredentialsAsync(userName, password, context.RequestAborted);
        if (user is null)
        {
            throttle.RecordFailure(remote, userName);
            Log.LoginFailed(logger, userName, remote ?? "unknown");
            return Failed("invalid", returnUrl);
        }

        throttle.RecordSuccess(userName);
        var principal = RelayPrincipal.ForUser(user.UserName, user.Role, RelayAuthSchemes.Cookie);
        await context.SignInAsync(RelayAuthSchemes.Cookie, principal, new AuthenticationProperties { IsPersistent = true });
        Log.LoginSucceeded(logger, user.UserName, remote ?? "unknown");
        return TypedResults.LocalRedirect(returnUrl ?? "/");
    }

    public static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(RelayAuthSchemes.Cookie);
        return TypedResults.Redirect(LoginPath);
    }

    /// <summary>Only same-site paths (<c>/x</c>, not <c>//host</c> or <c>/\host</c>) are followed after login: no open redirects.</summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    private static RedirectHttpResult Failed(string error, string? returnUrl) =>
        TypedResults.Redirect($"{LoginPath}?error={error}" + (returnUrl is null ? "" : "&returnUrl=" + Uri.EscapeDataString(returnUrl)));
}
