using RelayWeb.Backups;

namespace RelayWeb.ViewModels;

/// <summary>One backup in the Settings page's list.</summary>
public sealed record BackupRowViewModel(string Name, DateTime CreatedUtc, long SizeBytes)
{
    public string DownloadUrl => "/api/v1/backups/" + Uri.EscapeDataString(Name);

    public static IReadOnlyList<BackupRowViewModel> FromAll(IEnumerable<BackupFile> files) => [.. files.Select(f => new BackupRowViewModel(f.Name, f.CreatedUtc, f.SizeBytes))];
}
