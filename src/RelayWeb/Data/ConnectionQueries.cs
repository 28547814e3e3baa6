using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelayData;
using RelayEngine.Connections;
using RelayEngine.Management;
using RelayWeb.Services;

namespace RelayWeb.Data;

/// <summary>
/// <see cref="IConnectionQueries"/> on the <c>connections</c> table. Rows the database still has open are overlaid with
/// the engine's live counters (<see cref="IConnectionLookup"/>); a row the engine no longer knows is shown as stored.
/// Limit is clamped to 1..1000; Total counts the filtered rows.
/// </summary>
public sealed class ConnectionQueries : IConnectionQueries
{
    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 1000;

    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly IConnectionLookup _live;
    private readonly string _localAgentId;

    public ConnectionQueries(IDbContextFactory<RelayDbContext> dbFactory, IConnectionLookup live, IOptions<RelayEngineOptions> engineOptions)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _live = live ?? throw new ArgumentNullException(nameof(live));
        _localAgentId = engineOptions?.Value.AgentId ?? throw new ArgumentNullException(nameof(engineOptions));
    }

    /// <inheritdoc />
    public async Task<ConnectionPage> QueryAsync(ConnectionQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var filtered = db.Connections.AsNoTracking().ApplyFilter(query);
            var total = await filtered.CountAsync(cancellationToken).ConfigureAwait(false);
            var rows = await filtered.ApplySort(query)
                .Skip(Math.Max(0, query.Offset))
                .Take(Math.Clamp(query.Limit, 1, MaxLimit))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new ConnectionPage(rows.Select(r => Overlay(ConnectionMapper.ToSnapshot(r))).ToList(), total);
        }
    }

    /// <summary>
    /// The connection with <paramref name="connectionId"/> from any agent, preferring this node's row. A connection the
    /// engine has open but the ledger has not written yet is returned from the engine.
    /// </summary>
    public async Task<ConnectionSnapshot?> GetAsync(Guid connectionId, CancellationToken cancellationToken = default)
    {
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Connections.AsNoTracking().Where(c => c.Id == connectionId).ToListAsync(cancellationToken).ConfigureAwait(false);
            var row = rows.OrderBy(r => r.AgentId == _localAgentId ? 0 : 1).FirstOrDefault();
            if (row is not null) return Overlay(ConnectionMapper.ToSnapshot(row));
            return _live.TryGetOpenConnection(connectionId, out var live) ? live : null;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ConnectionSnapshot> ExportAsync(ConnectionQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = db.Connections.AsNoTracking().ApplyFilter(query).ApplySort(query).AsAsyncEnumerable();
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return Overlay(ConnectionMapper.ToSnapshot(row));
            }
        }
    }

    private ConnectionSnapshot Overlay(ConnectionSnapshot stored)
    {
        if (!stored.IsOpen
            || !_live.TryGetOpenConnection(stored.Id, out var live)
            || !string.Equals(live.AgentId, stored.AgentId, StringComparison.Ordinal))
        {
            return stored;
        }
        return stored with
        {
            Target = live.Target ?? stored.Target,
            BytesUp = Math.Max(stored.BytesUp, live.BytesUp),
            BytesDown = Math.Max(stored.BytesDown, live.BytesDown),
        };
    }
}
