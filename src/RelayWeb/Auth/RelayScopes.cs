namespace RelayWeb.Auth;

/// <summary>
/// Token scopes, which are also user roles (a user is <c>admin</c> or <c>read-only</c>). They travel as role claims, so
/// <see cref="RelayPolicies"/> are plain role checks. <c>agent</c> is reserved for agent sync and may do nothing else.
/// </summary>
public static class RelayScopes
{
    public const string Admin = "admin";
    public const string ReadOnly = "read-only";
    public const string Agent = "agent";

    public static IReadOnlyList<string> All { get; } = [Admin, ReadOnly, Agent];

    public static bool IsValid(string? scope) => scope is Admin or ReadOnly or Agent;
}
