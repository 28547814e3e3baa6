using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayEngine.Configuration;
using RelayEngine.Tunnels;
using RelayWeb.Services;

namespace RelayWeb.Data;

/// <summary>
/// <see cref="ITunnelStore"/> on the <c>tunnels</c> table, in <see cref="RelayStore"/>'s shape: each write runs in one
/// transaction with its audit entry (never the key), then reloads the engine's snapshot through
/// <see cref="DbEngineConfigProvider.InvalidateAsync"/>. Names are unique case-insensitively; new ids are 12 random hex characters.
/// </summary>
public sealed partial class TunnelStore : ITunnelStore
{
    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly DbEngineConfigProvider _configProvider;
    private readonly TimeProvider _time;
    private readonly ILogger<TunnelStore> _logger;

    public TunnelStore(IDbContextFactory<RelayDbContext> dbFactory, DbEngineConfigProvider configProvider, TimeProvider time, ILogger<TunnelStore> logger)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _configProvider = configProvider ?? throw new ArgumentNullException(nameof(configProvider));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TunnelDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Tunnels.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.TunnelId).ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.Select(r => TunnelMapper.ToDefinition(r).Redacted()).ToList();
        }
    }

    /// <inheritdoc />
    public async Task<TunnelDefinition?> GetAsync(string tunnelId, CancellationToken cancellationToken = default)
    {
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await FindAsync(db.Tunnels.AsNoTracking(), tunnelId, cancellationToken).ConfigureAwait(false);
            return row is null ? null : TunnelMapper.ToDefinition(row).Redacted();
        }
    }

    /// <inheritdoc />
    public async Task<TunnelStoreResult> CreateAsync(TunnelDefinition tunnel, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var id = RandomNumberGenerator.GetHexString(12, lowercase: true);
        var key = string.IsNullOrEmpty(tunnel.Key) || tunnel.Key == "***" ? TunnelKeys.Generate() : tunnel.Key;
        var definition = Normalize(tunnel with { TunnelId = id, Key = key });
        if (Validate(definition) is { } invalid) return invalid;

        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (await FindNameConflictAsync(db, definition, cancellationToken).ConfigureAwait(false) is { } conflict) return conflict;
                var now = _time.GetUtcNow().UtcDateTime;
                var entity = TunnelMapper.ToEntity(definition, now);
                db.Tunnels.Add(entity);
                db.AuditLog.Add(TunnelAudit.Entry(TunnelAudit.Create, actor, id, null, TunnelAudit.Capture(entity), now));
                // The only answer that carries the key: the creator sees it once.
                return await CommitAsync(db, TunnelAudit.Create, actor, definition, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<TunnelStoreResult> UpdateAsync(TunnelDefinition tunnel, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var entity = await FindAsync(db.Tunnels, tunnel.TunnelId, cancellationToken).ConfigureAwait(false);
                if (entity is null) return TunnelStoreResult.NotFound;
                var keepKey = string.IsNullOrEmpty(tunnel.Key) || tunnel.Key == "***";
                var definition = Normalize(tunnel with { TunnelId = entity.TunnelId, Key = keepKey ? entity.Secret : tunnel.Key });
                if (Validate(definition) is { } invalid) return invalid;
                if (await FindNameConflictAsync(db, definition, cancellationToken).ConfigureAwait(false) is { } conflict) return conflict;

                var before = TunnelAudit.Capture(entity);
                var now = _time.GetUtcNow().UtcDateTime;
                TunnelMapper.Apply(definition, entity, now);
                entity.Secret = definition.Key;
                db.AuditLog.Add(TunnelAudit.Entry(TunnelAudit.Update, actor, entity.TunnelId, before, TunnelAudit.Capture(entity), now));
                return await CommitAsync(db, TunnelAudit.Update, actor, definition.Redacted(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<TunnelStoreResult> DeleteAsync(string tunnelId, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var entity = await FindAsync(db.Tunnels, tunnelId, cancellationToken).ConfigureAwait(false);
                if (entity is null) return TunnelStoreResult.NotFound;
                db.Tunnels.Remove(entity);
                db.AuditLog.Add(TunnelAudit.Entry(TunnelAudit.Delete, actor, entity.TunnelId, TunnelAudit.Capture(entity), null, _time.GetUtcNow().UtcDateTime));
                return await CommitAsync(db, TunnelAudit.Delete, actor, TunnelMapper.ToDefinition(entity).Redacted(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public async Task<TunnelStoreResult> SetEnabledAsync(string tunnelId, bool enabled, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var action = enabled ? TunnelAudit.Start : TunnelAudit.Stop;
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var entity = await FindAsync(db.Tunnels, tunnelId, cancellationToken).ConfigureAwait(false);
                if (entity is null) return TunnelStoreResult.NotFound;
                var before = TunnelAudit.Capture(entity);
                var now = _time.GetUtcNow().UtcDateTime;
                entity.Enabled = enabled;
                entity.UpdatedUtc = now;
                db.AuditLog.Add(TunnelAudit.Entry(action, actor, entity.TunnelId, before, TunnelAudit.Capture(entity), now));
                return await CommitAsync(db, action, actor, TunnelMapper.ToDefinition(entity).Redacted(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<TunnelStoreResult> CommitAsync(RelayDbContext db, string action, string actor, TunnelDefinition tunnel, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await db.Database.CommitTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Not cancellable: once the change is committed the engine must see it, even if the caller has gone away.
        var revisionId = await _configProvider.InvalidateAsync(CancellationToken.None).ConfigureAwait(false);
        Log.TunnelChanged(_logger, action, tunnel.TunnelId, actor, revisionId);
        return new TunnelStoreResult(RelayStoreStatus.Ok, tunnel, RevisionId: revisionId);
    }

    private static TunnelStoreResult? Validate(TunnelDefinition tunnel)
    {
        var errors = TunnelDefinitionValidator.Validate(tunnel);
        return errors.Count == 0 ? null : new TunnelStoreResult(RelayStoreStatus.Invalid, Errors: errors);
    }

    private static async Task<TunnelStoreResult?> FindNameConflictAsync(RelayDbContext db, TunnelDefinition tunnel, CancellationToken cancellationToken)
    {
        var name = tunnel.DisplayName;
        var other = await db.Tunnels.AsNoTracking()
            .Where(t => t.Name == name && t.TunnelId != tunnel.TunnelId)
            .Select(t => new { t.TunnelId, t.Name })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return other is null ? null : new TunnelStoreResult(RelayStoreStatus.Conflict, Errors:
            [new ConfigError("name", $"Tunnel '{other.TunnelId}' is already named '{other.Name}'; names must be unique (ignoring case).")]);
    }

    private static Task<Tunnel?> FindAsync(IQueryable<Tunnel> tunnels, string tunnelId, CancellationToken cancellationToken) =>
        tunnels.FirstOrDefaultAsync(t => EF.Functions.Collate(t.TunnelId, "NOCASE") == tunnelId, cancellationToken);

    private static TunnelDefinition Normalize(TunnelDefinition tunnel) =>
        tunnel with { Name = string.IsNullOrWhiteSpace(tunnel.Name) ? tunnel.TunnelId : tunnel.Name.Trim() };

    private static partial class Log
    {
        [LoggerMessage(3140, LogLevel.Information, "Tunnel {Action} '{TunnelId}' by {Actor}; engine configuration revision {RevisionId}.", EventName = "TunnelChanged")]
        public static partial void TunnelChanged(ILogger logger, string action, string tunnelId, string actor, string revisionId);
    }
}
