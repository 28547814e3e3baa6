namespace RelayWeb.Auth;

/// <summary>Authorization policy names used by the API, the hub and the dashboard.</summary>
public static class RelayPolicies
{
    /// <summary>Read anything: scopes <c>admin</c> and <c>read-only</c> (tokens) or a logged-in dashboard user.</summary>
    public const string Read = "relay.read";

    /// <summary>Change anything: scope <c>admin</c> only. A read-only token gets 403.</summary>
    public const string Write = "relay.write";

    /// <summary>
    /// Agent sync (<c>POST /api/v1/sync</c>): scopes <c>agent</c> and <c>admin</c> (the <c>--api-token</c> included). The only
    /// thing an <c>agent</c> token may do; an agent token bound to an agent id may sync as that agent only.
    /// </summary>
    public const string Sync = "relay.sync";
}
