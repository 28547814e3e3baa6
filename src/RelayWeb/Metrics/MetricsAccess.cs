using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using RelayWeb.Auth;
using RelayWeb.Hosting;

namespace RelayWeb.Metrics;

/// <summary>Decides whether a <c>/metrics</c> request is served (see <see cref="MetricsOptions.AllowAnonymous"/>).</summary>
public sealed class MetricsAccess(IOptions<MetricsOptions> metrics, IOptions<RelayWebOptions> web, IAuthorizationService authorization)
{
    /// <summary>True when anonymous scrapes are served to loopback clients: the option is unset and Relay listens on loopback only.</summary>
    public bool AnonymousForLoopback { get; } = metrics.Value.AllowAnonymous ?? IsLoopbackHost(web.Value.ListenHost);

    public bool AnonymousForEveryone { get; } = metrics.Value.AllowAnonymous == true;

    public async Task<bool> IsAllowedAsync(HttpContext context)
    {
        if (AnonymousForEveryone) return true;
        if (AnonymousForLoopback && IsLoopbackClient(context)) return true;
        return context.User.Identity?.IsAuthenticated == true
            && (await authorization.AuthorizeAsync(context.User, RelayPolicies.Read)).Succeeded;
    }

    public static bool IsLoopbackHost(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host?.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    // An in-process test server has no remote address.
    private static bool IsLoopbackClient(HttpContext context) => context.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);
}
