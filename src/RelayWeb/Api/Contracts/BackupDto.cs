using RelayWeb.Backups;

namespace RelayWeb.Api.Contracts;

/// <summary>One backup in <c>DATA_DIR/backups</c>; <c>download</c> is its URL (admin only).</summary>
public sealed record BackupDto(string Name, long SizeBytes, DateTime CreatedUtc, string Download)
{
    public static BackupDto From(BackupFile file) => new(file.Name, file.SizeBytes, file.CreatedUtc, "/api/v1/backups/" + Uri.EscapeDataString(file.Name));
}
