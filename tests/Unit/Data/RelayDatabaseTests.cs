using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData;
using RelayData.Entities;

namespace RelayWeb.UnitTests.Data;

public sealed class RelayDatabaseTests
{
    [Fact]
    public async Task MigrateAsync_FreshFile_CreatesDirectoryAndTurnsOnWal()
    {
        // Arrange: TestDatabase puts the file in a directory that does not exist yet.
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        Assert.False(File.Exists(database.DatabasePath));

        // Act
        await RelayDatabase.MigrateAsync(database.Services, CancellationToken.None);

        // Assert: journal_mode is stored in the file; synchronous is set on every connection EF opens.
        await using var db = await database.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("wal", await ScalarAsync(db, "PRAGMA journal_mode;"));
        Assert.Equal(1L, await ScalarAsync(db, "PRAGMA synchronous;")); // 1 = NORMAL
        Assert.Equal(30_000L, await ScalarAsync(db, "PRAGMA busy_timeout;")); // SQLite waits for a busy lock itself
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_KeepsData()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Settings.Add(new Setting { Name = "theme", Value = "dark", UpdatedUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        // Act
        await RelayDatabase.MigrateAsync(database.Services, CancellationToken.None);

        // Assert
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal("dark", (await check.Settings.SingleAsync()).Value);
    }

    [Fact]
    public async Task MigrateAsync_FileIsNotADatabase_ThrowsInvalidOperation()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await File.WriteAllTextAsync(database.DatabasePath, new string('x', 4096));

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RelayDatabase.MigrateAsync(database.Services, CancellationToken.None));

        // Assert
        Assert.IsType<SqliteException>(error.InnerException);
        Assert.Contains(database.DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DateTimeProperty_ReadBack_IsUtcKind()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        var written = new DateTime(2026, 11, 21, 10, 30, 15, 123, DateTimeKind.Utc);
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Settings.Add(new Setting { Name = "a", Value = "b", UpdatedUtc = written });
            await db.SaveChangesAsync();
        }

        // Act
        await using var read = await database.CreateDbContextAsync();
        var value = (await read.Settings.SingleAsync()).UpdatedUtc;

        // Assert
        Assert.Equal(DateTimeKind.Utc, value.Kind);
        Assert.Equal(written, value);
    }

    [Fact]
    public void AddRelayData_Registered_FactoryUsesPooledConnectionWithBusyTimeout()
    {
        // Arrange
        var directory = TestDatabase.NewDirectory();
        var path = Path.Combine(directory, "relay.db");
        using var services = new ServiceCollection().AddRelayData(path).BuildServiceProvider();

        // Act
        using var db = services.GetRequiredService<IDbContextFactory<RelayDbContext>>().CreateDbContext();
        var builder = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());

        // Assert
        Assert.True(Directory.Exists(directory));
        Assert.Equal(Path.GetFullPath(path), builder.DataSource);
        Assert.True(builder.Pooling);
        Assert.Equal(30, builder.DefaultTimeout);
        TestDatabase.DeleteDatabaseDirectory(directory, path);
    }

    private static async Task<object?> ScalarAsync(RelayDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
