using System.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RelayWeb.Backups;

/// <summary>
/// A consistent copy of a live SQLite database through SQLite's online backup API, in steps so it reports progress and
/// never holds anything for long. The source keeps one read transaction open for the whole copy: in WAL mode that pins a
/// snapshot (the copy is exactly the database at that moment, and the backup never restarts because of concurrent
/// writes) while writers carry on. The copy is switched to <c>journal_mode=DELETE</c> so it is one self-contained file.
/// </summary>
public static class SqliteOnlineBackup
{
    /// <summary>Pages copied per step: 1024 (4 MiB with 4 KiB pages).</summary>
    public const int PagesPerStep = 1024;

    /// <summary>
    /// Copies <paramref name="sourcePath"/> to <paramref name="destinationPath"/> (which must not exist). Reports the
    /// fraction done (0–1) after every step. Returns the number of pages copied. On failure or cancellation the partial
    /// destination file is deleted.
    /// </summary>
    public static async Task<int> CopyAsync(string sourcePath, string destinationPath, Action<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourcePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        if (!File.Exists(sourcePath)) throw new FileNotFoundException($"No database at '{sourcePath}'.", sourcePath);
        if (File.Exists(destinationPath)) throw new IOException($"'{destinationPath}' already exists.");
        try
        {
            return await CopyCoreAsync(sourcePath, destinationPath, progress, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDelete(destinationPath);
            TryDelete(destinationPath + "-journal");
            throw;
        }
    }

    private static async Task<int> CopyCoreAsync(string sourcePath, string destinationPath, Action<double>? progress, CancellationToken cancellationToken)
    {
        // Read-write (not create): a WAL database needs its -shm writable even to read; nothing is written to the source.
        using var source = new SqliteConnection(ConnectionString(sourcePath, SqliteOpenMode.ReadWrite));
        using var destination = new SqliteConnection(ConnectionString(destinationPath, SqliteOpenMode.ReadWriteCreate));
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await destination.OpenAsync(cancellationToken).ConfigureAwait(false);

        using var snapshot = source.BeginTransaction(IsolationLevel.Serializable, deferred: true);
        using (var pin = source.CreateCommand())
        {
            pin.Transaction = snapshot;
            pin.CommandText = "SELECT count(*) FROM sqlite_master;"; // starts the read transaction: the snapshot is taken here
            await pin.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        var backup = raw.sqlite3_backup_init(destination.Handle, "main", source.Handle, "main");
        if (backup is null || backup.IsInvalid)
        {
            throw new SqliteException("Could not start the backup: " + raw.sqlite3_errmsg(destination.Handle).utf8_to_string(), raw.sqlite3_errcode(destination.Handle));
        }
        int pages;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rc = raw.sqlite3_backup_step(backup, PagesPerStep);
                pages = raw.sqlite3_backup_pagecount(backup);
                var remaining = raw.sqlite3_backup_remaining(backup);
                progress?.Invoke(pages == 0 ? 1 : (pages - remaining) / (double)pages);
                if (rc == raw.SQLITE_DONE) break;
                if (rc is not (raw.SQLITE_OK or raw.SQLITE_BUSY or raw.SQLITE_LOCKED))
                {
                    throw new SqliteException($"Backup step failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
                }
                // Between steps nothing is held on the destination and only the snapshot on the source: let others run.
                await Task.Yield();
            }
        }
        finally
        {
            raw.sqlite3_backup_finish(backup);
        }
        snapshot.Commit();

        using (var journal = destination.CreateCommand())
        {
            journal.CommandText = "PRAGMA journal_mode=DELETE;";
            await journal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        return pages;
    }

    internal static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = mode,
        Pooling = false,
        DefaultTimeout = 30,
    }.ToString();

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // best effort: a partial file is named *.partial and never listed as a backup
        }
    }
}
