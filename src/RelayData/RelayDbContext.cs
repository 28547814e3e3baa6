using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RelayData.Entities;
using RelayData.Infrastructure;

namespace RelayData;

/// <summary>
/// The Relay database (SQLite by default). Migrations are hand-written in Migrations/ because the EF design-time package
/// cannot be restored here; <c>MigrationsMatchModelTests</c> fails when the model and the migrations drift apart.
/// </summary>
/// <remarks>
/// Create contexts per operation through <see cref="IDbContextFactory{TContext}"/> (registered by <c>AddRelayData</c>);
/// never hold one for a Blazor circuit. Every <see cref="DateTime"/> is stored and read back as UTC.
/// </remarks>
public sealed class RelayDbContext(DbContextOptions<RelayDbContext> options) : DbContext(options)
{
    public DbSet<Relay> Relays => Set<Relay>();
    public DbSet<Connection> Connections => Set<Connection>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<Sequence> Sequences => Set<Sequence>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<TrafficInterval> TrafficIntervals => Set<TrafficInterval>();
    public DbSet<StatsDirtyMark> StatsDirtyMarks => Set<StatsDirtyMark>();
    public DbSet<StatsClock> StatsClock => Set<StatsClock>();
    public DbSet<StatsMinute> StatsMinutes => Set<StatsMinute>();
    public DbSet<StatsHour> StatsHours => Set<StatsHour>();
    public DbSet<StatsDay> StatsDays => Set<StatsDay>();
    public DbSet<StatsTop> StatsTop => Set<StatsTop>();
    public DbSet<Tunnel> Tunnels => Set<Tunnel>();
    public DbSet<NodePassInstance> NodePassInstances => Set<NodePassInstance>();

    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        // There is no model snapshot on purpose. A hand-written RelayDbContextModelSnapshot would be a third hand-kept copy
        // of the model (beside the entity configurations and the migrations) and could itself drift. Without one, EF 9+
        // reports every model as "pending changes" and Migrate() throws, so that warning is off; its job (catching a
        // model change that has no migration) is done by MigrationsMatchModelTests, which compares the schema the
        // migrations build with the schema EnsureCreated builds from the model.
        optionsBuilder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        // SQLite keeps DateTime as text without a kind; read values back as UTC so callers never see Unspecified.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RelayDbContext).Assembly);
}
