using Microsoft.Data.Sqlite;
using RelayWeb.Backups;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Backups;

public sealed class SqliteOnlineBackupTests : IDisposable
{
    private readonly string _directory = TestDatabase.NewDirectory();

    public SqliteOnlineBackupTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task CopyAsync_WhileAnotherConnectionWrites_CopyIsConsistentStandaloneAndComplete()
    {
        // Arrange: a WAL database of a few thousand pages, and a writer that keeps inserting during the copy.
        var source = Path.Combine(_directory, "source.db");
        await using (var setup = await OpenAsync(source))
        {
            await ExecAsync(setup, "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);");
            await ExecAsync(setup, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t (payload) SELECT randomblob(4000) FROM n;");
        }
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            await using var connection = await OpenAsync(source);
            var written = 0;
            while (!stop.IsCancellationRequested)
            {
                await ExecAsync(connection, "INSERT INTO t (payload) VALUES (randomblob(4000));");
                written++;
            }
            return written;
        });
        var progress = new List<double>();
        var destination = Path.Combine(_directory, "copy.db");

        // Act
        var pages = await SqliteOnlineBackup.CopyAsync(source, destination, progress.Add, CancellationToken.None);
        await stop.CancelAsync();
        var written = await writer;

        // Assert
        Assert.True(pages > SqliteOnlineBackup.PagesPerStep, $"expected several steps, copied {pages} pages");
        Assert.True(progress.Count >= 2);
        Assert.Equal(1.0, progress[^1]);
        Assert.True(written > 0, "the writer ran during the copy");
        Assert.False(File.Exists(destination + "-wal"));
        await using var copy = await OpenAsync(destination, SqliteOpenMode.ReadOnly);
        Assert.Equal("ok", await ScalarAsync(copy, "PRAGMA integrity_check;"));
        Assert.Equal("delete", await ScalarAsync(copy, "PRAGMA journal_mode;"));
        var rows = (long)(await ScalarAsync(copy, "SELECT count(*) FROM t;"))!;
        var maxId = (long)(await ScalarAsync(copy, "SELECT max(id) FROM t;"))!;
        Assert.Equal(maxId, rows); // a snapshot: every row up to the last one, no gaps
        Assert.True(rows >= 3000);
    }

    [Fact]
    public async Task CopyAsync_DestinationExists_ThrowsAndLeavesItAlone()
    {
        // Arrange
        var source = Path.Combine(_directory, "source.db");
        await using (var setup = await OpenAsync(source)) await ExecAsync(setup, "CREATE TABLE t (id INTEGER);");
        var destination = Path.Combine(_directory, "taken.db");
        await File.WriteAllTextAsync(destination, "mine");

        // Act + Assert
        await Assert.ThrowsAsync<IOException>(() => SqliteOnlineBackup.CopyAsync(source, destination, null, CancellationToken.None));
        Assert.Equal("mine", await File.ReadAllTextAsync(destination));
    }

    [Fact]
    public async Task CopyAsync_SourceMissing_ThrowsFileNotFound()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            SqliteOnlineBackup.CopyAsync(Path.Combine(_directory, "none.db"), Path.Combine(_directory, "copy.db"), null, CancellationToken.None));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDatabase.DeleteDatabaseDirectory(_directory);
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
