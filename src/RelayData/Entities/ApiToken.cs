namespace RelayData.Entities;

/// <summary>An API token. Only a SHA-256 hash of the secret is stored; <see cref="Prefix"/> identifies it in lists.</summary>
public sealed class ApiToken
{
    public long Key { get; set; }
    public required string TokenId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }           // first characters of the secret, shown as "rly_ab12…"
    public required string Hash { get; set; }             // hex SHA-256 of the whole secret
    public required string Scope { get; set; }            // "admin" | "read-only" | "agent"
    public DateTime CreatedUtc { get; set; }
    public DateTime? LastUsedUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
    public string? CreatedBy { get; set; }

    /// <summary>For scope <c>agent</c>: the only agent id this token may sync as; null lets it sync as any agent (enrolment).</summary>
    public string? AgentId { get; set; }
}
