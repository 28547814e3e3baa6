namespace RelayWeb.Auth;

/// <summary>Authorization policy names used by the API, the hub and the dashboard.</summary>
public static class RelayPolicies
{
    /// <summary>Read anything: scopes <c>admin</c> and <c>read-only</c> (tokens) or a logged-in dashboard user.</summary>
    public const string Read = "relay.read";

    /// <summary>Change anything: scope <c>admin</c> only. A read-only token gets 403.</summary>
    public const string Write = "relay.write";
}
