using System.Globalization;
using RelayWeb.Jobs;
using RelayWeb.ViewModels;

namespace RelayWeb.Backups;

/// <summary><c>database-backup</c>: a consistent online backup into <c>DATA_DIR/backups</c>, keeping the newest <c>backup.keep</c>.</summary>
public sealed class DatabaseBackupJob(BackupService backups) : IRelayJob
{
    public const string JobName = "database-backup";

    public string Name => JobName;
    public string Title => "Database backup";
    public string Description => "Copies the live database into DATA_DIR/backups without stopping anything, and deletes the oldest beyond the number to keep (Settings).";
    public string DefaultCron => "0 3 * * *";

    public async Task<JobResult> RunAsync(JobRunContext context, CancellationToken cancellationToken)
    {
        context.Report(0, "Copying the database");
        var result = await backups.CreateAsync(fraction => context.Report(fraction, "Copying the database"), cancellationToken).ConfigureAwait(false);
        var message = string.Create(CultureInfo.InvariantCulture, $"{result.File.Name}, {DisplayFormat.Bytes(result.File.SizeBytes)}")
            + (result.Deleted.Count == 0 ? "." : $"; deleted {result.Deleted.Count} old backup(s): {string.Join(", ", result.Deleted)}.");
        context.Report(1, "Done", result.Pages);
        return JobResult.Succeeded(message, result.Pages);
    }
}
