using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RelayData;

/// <summary>Start-up work on the Relay database: connection string, journal mode, migrations.</summary>
public static partial class RelayDatabase
{
    /// <summary>How long a command waits for a lock held by another connection before failing (SQLITE_BUSY). 30 seconds.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The SQLite connection string for <paramref name="databasePath"/> (made absolute): pooled, read-write-create, busy timeout.</summary>
    public static string BuildConnectionString(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(databasePath),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database until the command timeout elapses: this is the busy timeout.
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>
    /// Switches the database to WAL (persistent in the file), then applies pending migrations and logs what it did.
    /// Throws <see cref="InvalidOperationException"/> on failure: host start-up is the one place allowed to crash.
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var factory = services.GetRequiredService<IDbContextFactory<RelayDbContext>>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(RelayDatabase).FullName!) ?? NullLogger.Instance;

        var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var dataSource = db.Database.GetDbConnection().DataSource;
            try
            {
                var journalMode = await SetJournalModeAsync(db, cancellationToken).ConfigureAwait(false);
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
                if (pending.Count == 0)
                {
                    Log.UpToDate(logger, dataSource, journalMode);
                    return;
                }

                Log.Migrating(logger, dataSource, pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                Log.Migrated(logger, dataSource, journalMode);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.Failed(logger, dataSource, ex);
                throw new InvalidOperationException($"Unable to prepare the Relay database '{dataSource}': {ex.Message}", ex);
            }
        }
    }

    private static async Task<string> SetJournalModeAsync(RelayDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                // Readers never block the writer (the ledger) and vice versa. The mode is stored in the database file.
                command.CommandText = "PRAGMA journal_mode=WAL;";
                var mode = (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? "unknown";
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException($"SQLite refused journal_mode=WAL (it reports '{mode}').");
                }
                return mode;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Information, "Database {DataSource} is up to date (journal mode {JournalMode}).", EventName = "DatabaseUpToDate")]
        public static partial void UpToDate(ILogger logger, string dataSource, string journalMode);

        [LoggerMessage(3001, LogLevel.Information, "Applying {Count} migration(s) to {DataSource}: {Migrations}.", EventName = "DatabaseMigrating")]
        public static partial void Migrating(ILogger logger, string dataSource, int count, string migrations);

        [LoggerMessage(3002, LogLevel.Information, "Database {DataSource} migrated (journal mode {JournalMode}).", EventName = "DatabaseMigrated")]
        public static partial void Migrated(ILogger logger, string dataSource, string journalMode);

        [LoggerMessage(3003, LogLevel.Critical, "Preparing database {DataSource} failed.", EventName = "DatabaseMigrationFailed")]
        public static partial void Failed(ILogger logger, string dataSource, Exception exception);
    }
}
