namespace RelayWeb.Backups;

/// <summary>A backup just taken, and the old backups deleted to keep <c>backup.keep</c>.</summary>
public sealed record BackupResult(BackupFile File, int Pages, IReadOnlyList<string> Deleted);
