using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RelayData;
using RelayData.Entities;

namespace RelayWeb.UnitTests.Data;

/// <summary>
/// The hand-written migrations must build exactly the schema the model describes. When this fails, the model changed
/// without a migration (or a migration is wrong): add or fix a migration in src/RelayData/Migrations.
/// </summary>
public sealed class MigrationsMatchModelTests : IDisposable
{
    private readonly string _directory = TestDatabase.NewDirectory();

    public MigrationsMatchModelTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task MigrateAsync_FreshDatabase_SchemaEqualsEnsureCreated()
    {
        // Arrange
        var migratedPath = Path.Combine(_directory, "migrated.db");
        var modelPath = Path.Combine(_directory, "model.db");

        // Act
        await using (var db = CreateContext(migratedPath))
        {
            await db.Database.MigrateAsync();
        }
        await using (var db = CreateContext(modelPath))
        {
            await db.Database.EnsureCreatedAsync();
        }
        var migrated = await SqliteSchema.ReadAsync(migratedPath);
        var model = await SqliteSchema.ReadAsync(modelPath);

        // Assert
        Assert.Contains("table connections autoincrement=False", model);
        Assert.Contains("column relays.Name type=TEXT notnull=1 default=null pk=0 collate=NOCASE", model);
        Assert.Empty(SqliteSchema.Diff(model, migrated));
    }

    [Fact]
    public async Task SchemaDiff_ModelChangedWithoutMigration_ReportsTheChange()
    {
        // Arrange: a model with one more column and one more index than the migrations create.
        var migratedPath = Path.Combine(_directory, "migrated.db");
        var driftedPath = Path.Combine(_directory, "drifted.db");
        await using (var db = CreateContext(migratedPath))
        {
            await db.Database.MigrateAsync();
        }
        await using (var db = CreateContext(driftedPath, drifted: true))
        {
            await db.Database.EnsureCreatedAsync();
        }

        // Act
        var diff = SqliteSchema.Diff(await SqliteSchema.ReadAsync(driftedPath), await SqliteSchema.ReadAsync(migratedPath));

        // Assert
        Assert.Contains(diff, line => line.StartsWith("- column relays.Comment type=TEXT", StringComparison.Ordinal));
        Assert.Contains(diff, line => line.StartsWith("- index connections.IX_connections_Source", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MigrateAsync_AppliedOnce_NoPendingMigrationsAndDownRemovesTables()
    {
        // Arrange
        var path = Path.Combine(_directory, "relay.db");
        await using var db = CreateContext(path);
        await db.Database.MigrateAsync();

        // Act
        var pending = await db.Database.GetPendingMigrationsAsync();
        var applied = await db.Database.GetAppliedMigrationsAsync();
        await db.GetService<IMigrator>().MigrateAsync(Migration.InitialDatabase);
        var afterDown = await SqliteSchema.ReadAsync(path);

        // Assert
        Assert.Empty(pending);
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.Contains("20261122000000_ConnectionMetadata", applied);
        Assert.Contains("20261123000000_AgentSync", applied);
        Assert.Contains("20261124000000_JobRuns", applied);
        Assert.Empty(afterDown);
    }

    public void Dispose() => TestDatabase.DeleteDatabaseDirectory(_directory);

    private static RelayDbContext CreateContext(string path, bool drifted = false)
    {
        var builder = new DbContextOptionsBuilder<RelayDbContext>()
            .UseSqlite(RelayDatabase.BuildConnectionString(path) + ";Pooling=False");
        if (drifted)
        {
            builder.ReplaceService<IModelCustomizer, DriftedModelCustomizer>();
        }
        return new RelayDbContext(builder.Options);
    }

    /// <summary>Stands for a developer who changed the model and forgot the migration.</summary>
    private sealed class DriftedModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<Relay>().Property<string>("Comment").HasMaxLength(200);
            modelBuilder.Entity<Connection>().HasIndex(c => c.Source);
        }
    }
}
