namespace RelayWeb.Auth;

/// <summary>
/// Outcome of creating a token. On success <see cref="Secret"/> is the only time the secret exists outside the caller's
/// hands; otherwise <see cref="Errors"/> names the fields at fault (<c>name</c>, <c>scope</c>).
/// </summary>
public sealed record ApiTokenCreateResult(ApiTokenInfo? Token, string? Secret, IReadOnlyDictionary<string, string[]>? Errors, bool IsConflict = false)
{
    public bool Succeeded => Token is not null && Secret is not null;
}
