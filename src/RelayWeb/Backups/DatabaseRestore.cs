using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RelayData;

namespace RelayWeb.Backups;

/// <summary>
/// <c>relay restore</c>: replaces a data directory's database with a backup. In order: takes the database's instance lock
/// (refusing when a running Relay holds it), copies the backup beside the database, checks the copy
/// (<c>PRAGMA integrity_check</c>, the Relay tables, migrations this version knows), folds the current database's WAL
/// into it and keeps it as <c>relay.db.before-restore-TIMESTAMP</c>, then moves the copy into place. Nothing is changed
/// unless every check passes. Migrations newer in this version are applied at the next start.
/// </summary>
public static class DatabaseRestore
{
    private static readonly string[] s_requiredTables = ["__EFMigrationsHistory", "relays", "connections", "settings"];

    public static async Task<RestoreResult> RestoreAsync(string backupPath, string databasePath, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        backupPath = Path.GetFullPath(backupPath);
        databasePath = Path.GetFullPath(databasePath);
        if (!File.Exists(backupPath)) return new RestoreResult(RestoreStatus.InvalidBackup, $"'{backupPath}' does not exist.");
        if (string.Equals(backupPath, databasePath, StringComparison.Ordinal)) return new RestoreResult(RestoreStatus.InvalidBackup, "The backup is the database itself.");

        if (!RelayDatabaseLock.TryAcquire(databasePath, out var databaseLock))
        {
            return new RestoreResult(RestoreStatus.DatabaseInUse,
                $"Refusing to restore: a running Relay is using '{databasePath}' (lock '{RelayDatabaseLock.LockPathFor(databasePath)}' is held). Stop it first.");
        }
        using (databaseLock)
        {
            var stamp = nowUtc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            var staging = databasePath + ".restore-" + stamp + ".partial";
            File.Copy(backupPath, staging, overwrite: true);
            try
            {
                var (inspection, error) = await InspectAsync(staging, cancellationToken).ConfigureAwait(false);
                if (inspection is null) return new RestoreResult(RestoreStatus.InvalidBackup, $"'{backupPath}' cannot be restored: {error}");

                string? previous = null;
                if (File.Exists(databasePath))
                {
                    previous = databasePath + ".before-restore-" + stamp;
                    await KeepPreviousAsync(databasePath, previous, cancellationToken).ConfigureAwait(false);
                }
                File.Move(staging, databasePath);
                return new RestoreResult(RestoreStatus.Restored,
                    $"Restored '{backupPath}' into '{databasePath}': {inspection.Relays} relay(s), {inspection.Connections} connection(s), {inspection.Settings} setting(s)."
                    + (previous is null ? "" : $" The previous database is kept as '{previous}'."),
                    previous, inspection);
            }
            finally
            {
                DeleteQuietly(staging);
                DeleteQuietly(staging + "-wal");
                DeleteQuietly(staging + "-shm");
                DeleteQuietly(staging + "-journal");
            }
        }
    }

    /// <summary>Checks that <paramref name="path"/> is a sound Relay database this version can open; the error says why not.</summary>
    public static async Task<(BackupInspection? Inspection, string? Error)> InspectAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(SqliteOnlineBackup.ConnectionString(path, SqliteOpenMode.ReadWrite));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var integrity = await ReadColumnAsync(connection, "PRAGMA integrity_check;", cancellationToken).ConfigureAwait(false);
            if (integrity is not ["ok"]) return (null, "PRAGMA integrity_check failed: " + string.Join("; ", integrity.Take(3)));

            var tables = await ReadColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table';", cancellationToken).ConfigureAwait(false);
            var missing = s_requiredTables.Where(t => !tables.Contains(t, StringComparer.Ordinal)).ToList();
            if (missing.Count > 0) return (null, "it is not a Relay database (missing table(s): " + string.Join(", ", missing) + ").");

            var applied = await ReadColumnAsync(connection, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\";", cancellationToken).ConfigureAwait(false);
            var known = KnownMigrations();
            var unknown = applied.Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0) return (null, $"it was written by a newer Relay (migration(s) {string.Join(", ", unknown)}); upgrade Relay first.");
            if (applied.Count == 0) return (null, "it is not a Relay database (no migrations applied).");

            var relays = await CountAsync(connection, "relays", cancellationToken).ConfigureAwait(false);
            var connections = await CountAsync(connection, "connections", cancellationToken).ConfigureAwait(false);
            var settings = await CountAsync(connection, "settings", cancellationToken).ConfigureAwait(false);
            return (new BackupInspection((int)relays, connections, (int)settings, applied[^1]), null);
        }
        catch (SqliteException ex)
        {
            return (null, "it is not a readable SQLite database (" + ex.Message + ").");
        }
    }

    /// <summary>The migrations this version of Relay carries.</summary>
    public static IReadOnlySet<string> KnownMigrations()
    {
        var options = new DbContextOptionsBuilder<RelayDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new RelayDbContext(options);
        return db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
    }

    private static async Task KeepPreviousAsync(string databasePath, string previous, CancellationToken cancellationToken)
    {
        // Fold the WAL into the main file first, so the kept copy is complete on its own.
        try
        {
            await using var connection = new SqliteConnection(SqliteOnlineBackup.ConnectionString(databasePath, SqliteOpenMode.ReadWrite));
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException)
        {
            // A damaged database is kept as it is, WAL included (moved below).
        }
        File.Move(databasePath, previous);
        foreach (var suffix in new[] { "-wal", "-journal" })
        {
            var side = databasePath + suffix;
            if (!File.Exists(side)) continue;
            if (new FileInfo(side).Length == 0) File.Delete(side);
            else File.Move(side, previous + suffix);
        }
        DeleteQuietly(databasePath + "-shm");
    }

    private static async Task<List<string>> ReadColumnAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) values.Add(reader.GetString(0));
        return values;
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\";";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
            // leftover staging file; harmless
        }
    }
}
