using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayEngine.Configuration;
using RelayWeb.Services;

namespace RelayWeb.Data;

/// <summary>
/// <see cref="IRelayStore"/> on the <c>relays</c> table. Each write runs in one transaction with its audit entry, then
/// reloads the engine's snapshot through <see cref="DbEngineConfigProvider.InvalidateAsync"/> and returns its revision.
/// Names are unique case-insensitively (the column is NOCASE); new ids are 12 random lower-case hex characters.
/// </summary>
/// <remarks>
/// Relay ids are matched case-insensitively. Failed writes (<see cref="RelayStoreStatus.Invalid"/>,
/// <see cref="RelayStoreStatus.Conflict"/>) change nothing and carry no <see cref="RelayStoreResult.Relay"/>. A database
/// failure throws; if the reload after a committed write fails, the write stays and the exception reaches the caller.
/// </remarks>
public sealed partial class RelayStore : IRelayStore
{
    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly DbEngineConfigProvider _configProvider;
    private readonly IEngineConfigValidator _validator;
    private readonly TimeProvider _time;
    private readonly ILogger<RelayStore> _logger;

    public RelayStore(IDbContextFactory<RelayDbContext> dbFactory, DbEngineConfigProvider configProvider, IEngineConfigValidator validator,
        TimeProvider time, ILogger<RelayStore> logger)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _configProvider = configProvider ?? throw new ArgumentNullException(nameof(configProvider));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RelayConfig>> ListAsync(CancellationToken cancellationToken = default)
    {
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Relays.AsNoTracking().OrderBy(r => r.Name).ThenBy(r => r.RelayId).ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.Select(RelayConfigMapper.ToConfig).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<RelayConfig?> GetAsync(string relayId, CancellationToken cancellationToken = default)
    {
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await FindAsync(db.Relays.AsNoTracking(), relayId, cancellationToken).ConfigureAwait(false);
            return row is null ? null : RelayConfigMapper.ToConfig(row);
        }
    }

    /// <inheritdoc />
    public async Task<RelayStoreResult> CreateAsync(RelayConfig relay, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var config = Normalize(relay with { RelayId = NewRelayId() });
        if (Validate(config) is { } invalid) return invalid;

        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (await FindNameConflictAsync(db, config, cancellationToken).ConfigureAwait(false) is { } conflict) return conflict;
                var now = _time.GetUtcNow().UtcDateTime;
                var entity = RelayConfigMapper.ToEntity(config, now);
                db.Relays.Add(entity);
                db.AuditLog.Add(RelayAudit.Entry(RelayAudit.Create, actor, config.RelayId, null, RelayAudit.Capture(entity), now));
                return await CommitAsync(db, RelayAudit.Create, actor, RelayConfigMapper.ToConfig(entity), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<RelayStoreResult> UpdateAsync(RelayConfig relay, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relay);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var entity = await FindAsync(db.Relays, relay.RelayId, cancellationToken).ConfigureAwait(false);
                if (entity is null) return RelayStoreResult.NotFound;
                var config = Normalize(relay with { RelayId = entity.RelayId });
                if (Validate(config) is { } invalid) return invalid;
                if (await FindNameConflictAsync(db, config, cancellationToken).ConfigureAwait(false) is { } conflict) return conflict;

                var before = RelayAudit.Capture(entity);
                var now = _time.GetUtcNow().UtcDateTime;
                RelayConfigMapper.Apply(config, entity, now);
                db.AuditLog.Add(RelayAudit.Entry(RelayAudit.Update, actor, entity.RelayId, before, RelayAudit.Capture(entity), now));
                return await CommitAsync(db, RelayAudit.Update, actor, RelayConfigMapper.ToConfig(entity), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<RelayStoreResult> DeleteAsync(string relayId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var entity = await FindAsync(db.Relays, relayId, cancellationToken).ConfigureAwait(false);
                if (entity is null) return RelayStoreResult.NotFound;
                db.Relays.Remove(entity);
                db.AuditLog.Add(RelayAudit.Entry(RelayAudit.Delete, actor, entity.RelayId, RelayAudit.Capture(entity), null, _time.GetUtcNow().UtcDateTime));
                return await CommitAsync(db, RelayAudit.Delete, actor, RelayConfigMapper.ToConfig(entity), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<RelayStoreResult> SetEnabledAsync(string relayId, bool enabled, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var action = enabled ? RelayAudit.Start : RelayAudit.Stop;
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var entity = await FindAsync(db.Relays, relayId, cancellationToken).ConfigureAwait(false);
                if (entity is null) return RelayStoreResult.NotFound;
                var before = RelayAudit.Capture(entity);
                var now = _time.GetUtcNow().UtcDateTime;
                entity.Enabled = enabled;
                entity.UpdatedUtc = now;
                db.AuditLog.Add(RelayAudit.Entry(action, actor, entity.RelayId, before, RelayAudit.Capture(entity), now));
                return await CommitAsync(db, action, actor, RelayConfigMapper.ToConfig(entity), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Saves, commits, then reloads the engine snapshot so the change applies at once.</summary>
    private async Task<RelayStoreResult> CommitAsync(RelayDbContext db, string action, string actor, RelayConfig relay, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.CommitTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Not cancellable: once the change is committed the engine must see it, even if the caller has gone away.
        var revisionId = await _configProvider.InvalidateAsync(CancellationToken.None).ConfigureAwait(false);
        Log.RelayChanged(_logger, action, relay.RelayId, actor, revisionId);
        return new RelayStoreResult(RelayStoreStatus.Ok, relay, RevisionId: revisionId);
    }

    private RelayStoreResult? Validate(RelayConfig config)
    {
        var errors = _validator.Validate(config);
        return errors.Count == 0 ? null : new RelayStoreResult(RelayStoreStatus.Invalid, Errors: errors);
    }

    private static async Task<RelayStoreResult?> FindNameConflictAsync(RelayDbContext db, RelayConfig config, CancellationToken cancellationToken)
    {
        var name = config.DisplayName;
        // The Name column's NOCASE collation makes this comparison (and the unique index) case-insensitive.
        var other = await db.Relays.AsNoTracking()
            .Where(r => r.Name == name && r.RelayId != config.RelayId)
            .Select(r => new { r.RelayId, r.Name })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return other is null ? null : new RelayStoreResult(RelayStoreStatus.Conflict, Errors:
            [new ConfigError("name", $"Relay '{other.RelayId}' is already named '{other.Name}'; names must be unique (ignoring case).")]);
    }

    private static Task<Relay?> FindAsync(IQueryable<Relay> relays, string relayId, CancellationToken cancellationToken) =>
        relays.FirstOrDefaultAsync(r => EF.Functions.Collate(r.RelayId, "NOCASE") == relayId, cancellationToken);

    /// <summary>Trims the name; an empty name becomes the id.</summary>
    private static RelayConfig Normalize(RelayConfig relay) =>
        relay with { Name = string.IsNullOrWhiteSpace(relay.Name) ? relay.RelayId : relay.Name.Trim() };

    private static string NewRelayId() => RandomNumberGenerator.GetHexString(12, lowercase: true);
}
