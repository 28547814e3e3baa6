namespace RelayWeb.Auth;

/// <summary>
/// Authentication scheme names. <see cref="Default"/> is a policy scheme: it forwards to <see cref="Token"/> when the request
/// carries <c>Authorization: Bearer</c> or <c>X-API-Key</c> (or, on <c>/hubs</c>, <c>?access_token=</c>), else to <see cref="Cookie"/>.
/// </summary>
public static class RelayAuthSchemes
{
    public const string Default = "Relay";
    public const string Cookie = "RelayCookie";
    public const string Token = "RelayToken";
}
