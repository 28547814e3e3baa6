namespace RelayWeb.Auth;

/// <summary>Where a request carries its API token: <c>Authorization: Bearer</c>, <c>X-API-Key</c>, or <c>?access_token=</c> on <c>/hubs</c> (browsers cannot set WebSocket headers).</summary>
public static class ApiTokenRequest
{
    public const string ApiKeyHeader = "X-API-Key";
    public const string AccessTokenQuery = "access_token";
    private const string BearerPrefix = "Bearer ";

    public static bool HasToken(HttpRequest request) => Read(request) is not null;

    /// <summary>The token the request presents, or null.</summary>
    public static string? Read(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[BearerPrefix.Length..].Trim();
        }
        var apiKey = request.Headers[ApiKeyHeader].ToString();
        if (apiKey.Length > 0) return apiKey.Trim();
        if (request.Path.StartsWithSegments("/hubs") && request.Query[AccessTokenQuery].ToString() is { Length: > 0 } query)
        {
            return query;
        }
        return null;
    }
}
