namespace RelayData.Entities;

/// <summary>A dashboard user; <see cref="UserName"/> is unique ignoring case.</summary>
public sealed class User
{
    public long Key { get; set; }
    public required string UserName { get; set; }
    /// <summary>PBKDF2 hash in the ASP.NET Core Identity v3 format.</summary>
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }             // "admin" | "read-only"
    public DateTime CreatedUtc { get; set; }
    public DateTime? LastLoginUtc { get; set; }
}
