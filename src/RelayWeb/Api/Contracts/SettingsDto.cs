namespace RelayWeb.Api.Contracts;

/// <summary>
/// Retention and backup settings. <c>retentionDays</c> maps each kind (<c>ledger</c>: closed connections,
/// <c>job_runs</c>: job history) to the days kept, 0 keeping everything; <c>backupKeep</c> is how many scheduled backups
/// are kept. In a PUT every member is optional: what is left out stays as it is.
/// </summary>
public sealed record SettingsDto(Dictionary<string, int>? RetentionDays, int? BackupKeep);
