using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RelayData.Entities;
using RelayWeb.Auth;
using RelayWeb.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Relay's authentication (dashboard cookie + API tokens), authorization policies and user bootstrap.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Cookie auth for the dashboard (login page <c>/login</c>; <c>/api</c> and <c>/hubs</c> get 401/403 instead of redirects),
    /// token auth for scripts, a policy scheme choosing between them per request, the <see cref="RelayPolicies"/>, and the
    /// start-up creation of user <c>admin</c>. Data-protection keys (cookies, antiforgery) are kept in
    /// <paramref name="dataDirectory"/><c>/keys</c> so sessions survive restarts.
    /// </summary>
    public static IServiceCollection AddRelayAuth(this IServiceCollection services, string dataDirectory)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.TryAddSingleton<UserAccountService>();
        services.TryAddSingleton<IApiTokenService, ApiTokenService>();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddScoped<ICurrentActor, CurrentActor>();
        services.AddHostedService<AdminUserBootstrapper>();

        services.AddDataProtection()
            .SetApplicationName("relay")
            .PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(dataDirectory, "keys")));

        services.AddAuthentication(RelayAuthSchemes.Default)
            .AddPolicyScheme(RelayAuthSchemes.Default, "Cookie or API token", o =>
                o.ForwardDefaultSelector = context => ApiTokenRequest.HasToken(context.Request) ? RelayAuthSchemes.Token : RelayAuthSchemes.Cookie)
            .AddCookie(RelayAuthSchemes.Cookie, ConfigureCookie)
            .AddScheme<ApiTokenAuthenticationOptions, ApiTokenAuthenticationHandler>(RelayAuthSchemes.Token, null);
        services.AddOptions<ApiTokenAuthenticationOptions>(RelayAuthSchemes.Token)
            .Configure<IOptions<RelayWebOptions>>((o, web) => o.ConfiguredToken = web.Value.ApiToken);

        services.AddAuthorizationBuilder()
            .AddPolicy(RelayPolicies.Read, p => p.RequireAuthenticatedUser().RequireRole(RelayScopes.Admin, RelayScopes.ReadOnly))
            .AddPolicy(RelayPolicies.Write, p => p.RequireAuthenticatedUser().RequireRole(RelayScopes.Admin))
            .AddPolicy(RelayPolicies.Sync, p => p.AddAuthenticationSchemes(RelayAuthSchemes.Token).RequireAuthenticatedUser().RequireRole(RelayScopes.Admin, RelayScopes.Agent));
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "relay_auth";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.LoginPath = AccountEndpoints.LoginPath;
        o.LogoutPath = "/account/logout";
        o.AccessDeniedPath = AccountEndpoints.LoginPath;
        o.ReturnUrlParameter = "returnUrl";
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
        o.Events.OnRedirectToLogin = context => RespondOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status401Unauthorized);
        o.Events.OnRedirectToAccessDenied = context => RespondOrRedirect(context.HttpContext, context.RedirectUri, StatusCodes.Status403Forbidden);
    }

    /// <summary>Machines (API and hub clients) get a status code they can act on; browsers on pages get the login page.</summary>
    private static Task RespondOrRedirect(HttpContext context, string redirectUri, int statusCode)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = statusCode;
            if (statusCode == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer realm=\"relay\"";
        }
        else
        {
            context.Response.Redirect(redirectUri);
        }
        return Task.CompletedTask;
    }
}
