namespace RelayWeb.Settings;

/// <summary>The run-time settings of retention and backups, as the Settings page and <c>/api/v1/settings</c> show them.</summary>
/// <param name="RetentionDays">Days kept per kind (<c>ledger</c>, <c>job_runs</c>...); 0 keeps everything.</param>
/// <param name="BackupKeep">How many scheduled backups are kept in <c>DATA_DIR/backups</c>.</param>
public sealed record OperationsSettings(IReadOnlyDictionary<string, int> RetentionDays, int BackupKeep);
