using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayEngine.Configuration;

namespace RelayWeb.Data;

/// <summary>
/// The engine's configuration, read from the <c>relays</c> table. <see cref="GetConfig"/> returns the current snapshot
/// (loading it synchronously the first time); <see cref="InvalidateAsync"/> reloads it after a write, swaps it in and
/// signals the old snapshot's change token (the <see cref="InMemoryEngineConfigProvider"/> protocol).
/// </summary>
/// <remarks>
/// <see cref="IEngineConfig.RevisionId"/> is a hash of the snapshot's content, so it changes exactly when the
/// configuration does and stays the same across restarts. A stored row that cannot be mapped (edited by hand) is skipped
/// and logged rather than stopping every other relay.
/// </remarks>
public sealed partial class DbEngineConfigProvider : IEngineConfigProvider
{
    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly ILogger<DbEngineConfigProvider> _logger;
    private readonly SemaphoreSlim _loadGate = new(1, 1); // one load at a time, so snapshots are swapped in load order
    private volatile EngineConfigSnapshot? _config;

    public DbEngineConfigProvider(IDbContextFactory<RelayDbContext> dbFactory, ILogger<DbEngineConfigProvider> logger)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <inheritdoc />
    public IEngineConfig GetConfig()
    {
        if (_config is { } config) return config;
        _loadGate.Wait();
        try
        {
            if (_config is null)
            {
                using var db = _dbFactory.CreateDbContext();
                Swap(Build(db.Relays.AsNoTracking().ToList()));
            }
            return _config!;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    /// <summary>Reloads every relay from the database, publishes the new snapshot and returns its revision id.</summary>
    public async Task<string> InvalidateAsync(CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            await using (db.ConfigureAwait(false))
            {
                var rows = await db.Relays.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
                return Swap(Build(rows)).RevisionId;
            }
        }
        finally
        {
            _loadGate.Release();
        }
    }

    private EngineConfigSnapshot Swap(EngineConfigSnapshot next)
    {
        var previous = Interlocked.Exchange(ref _config, next);
        previous?.SignalChange();
        Log.Loaded(_logger, next.Relays.Count, next.RevisionId);
        return next;
    }

    private EngineConfigSnapshot Build(List<Relay> rows)
    {
        var relays = new List<RelayConfig>(rows.Count);
        foreach (var row in rows.OrderBy(r => r.RelayId, StringComparer.Ordinal))
        {
            try
            {
                relays.Add(RelayConfigMapper.ToConfig(row));
            }
            catch (FormatException ex)
            {
                Log.RelaySkipped(_logger, row.RelayId, ex.Message);
            }
        }
        return new EngineConfigSnapshot(relays, ComputeRevision(relays));
    }

    private static string ComputeRevision(IReadOnlyList<RelayConfig> relays)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(relays);
        return Convert.ToHexStringLower(SHA256.HashData(json), 0, 8);
    }
}
