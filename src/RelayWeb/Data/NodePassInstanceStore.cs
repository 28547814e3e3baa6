using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayData.Entities;
using RelayWeb.NodePass;

namespace RelayWeb.Data;

/// <summary>
/// <see cref="NodePassInstanceSettings"/> on the <c>nodepass_instances</c> table. Not engine configuration: nothing here
/// reloads the engine; the instance API applies what it means (stop, start) through the relay and tunnel stores.
/// </summary>
public sealed class NodePassInstanceStore(IDbContextFactory<RelayDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Every stored row, by ledger relay id (case-insensitive).</summary>
    public async Task<IReadOnlyDictionary<string, NodePassInstanceSettings>> ListAsync(CancellationToken cancellationToken = default)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.NodePassInstances.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.ToDictionary(r => r.RelayId, ToSettings, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>The row of <paramref name="relayId"/>, or the defaults.</summary>
    public async Task<NodePassInstanceSettings> GetAsync(string relayId, CancellationToken cancellationToken = default)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await Find(db.NodePassInstances.AsNoTracking(), relayId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return row is null ? NodePassInstanceSettings.Defaults(relayId) : ToSettings(row);
        }
    }

    /// <summary>Inserts or replaces the row of <see cref="NodePassInstanceSettings.RelayId"/>.</summary>
    public async Task SaveAsync(NodePassInstanceSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var row = await Find(db.NodePassInstances, settings.RelayId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                row = new NodePassInstance { RelayId = settings.RelayId };
                db.NodePassInstances.Add(row);
            }
            row.AutoStart = settings.AutoStart;
            row.UdpRelayId = settings.UdpRelayId;
            row.TcpRxOffset = settings.ResetOffsets.TcpRx;
            row.TcpTxOffset = settings.ResetOffsets.TcpTx;
            row.UdpRxOffset = settings.ResetOffsets.UdpRx;
            row.UdpTxOffset = settings.ResetOffsets.UdpTx;
            row.UpdatedUtc = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the row of <paramref name="relayId"/>, if any (the instance was deleted).</summary>
    public async Task DeleteAsync(string relayId, CancellationToken cancellationToken = default)
    {
        var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            await Find(db.NodePassInstances, relayId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static IQueryable<NodePassInstance> Find(IQueryable<NodePassInstance> rows, string relayId) =>
        rows.Where(r => r.RelayId == relayId); // the column is NOCASE

    private static NodePassInstanceSettings ToSettings(NodePassInstance row) => new(row.RelayId)
    {
        AutoStart = row.AutoStart,
        UdpRelayId = row.UdpRelayId,
        ResetOffsets = new NodePassCounters(row.TcpRxOffset, row.TcpTxOffset, row.UdpRxOffset, row.UdpTxOffset),
    };
}
