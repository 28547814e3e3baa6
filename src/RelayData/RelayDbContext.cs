using Microsoft.EntityFrameworkCore;
using RelayData.Entities;

namespace RelayData;

/// <summary>
/// The Relay database (SQLite by default). Migrations are hand-written in Migrations/ because the EF design-time package
/// cannot be restored here; <c>MigrationsMatchModelTests</c> fails when the model and the migrations drift apart.
/// </summary>
public sealed class RelayDbContext(DbContextOptions<RelayDbContext> options) : DbContext(options)
{
    public DbSet<Relay> Relays => Set<Relay>();
    public DbSet<Connection> Connections => Set<Connection>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RelayDbContext).Assembly);
}
