namespace RelayWeb.Api.Contracts;

/// <summary>The backups (newest first), how many are kept, and the <c>database-backup</c> job (schedule, last run, run in progress).</summary>
public sealed record BackupListDto(IReadOnlyList<BackupDto> Backups, int Keep, JobDto? Job);
