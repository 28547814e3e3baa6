namespace RelayWeb.Backups;

/// <summary>One backup file in <c>DATA_DIR/backups</c>: <c>relay-YYYYMMDD-HHMMSS.db</c>, its size and when it was taken (UTC).</summary>
public sealed record BackupFile(string Name, string FullPath, long SizeBytes, DateTime CreatedUtc);
