using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayEngine.Connections;
using RelayEngine.Ledger;

namespace RelayWeb.Data;

/// <summary>
/// <see cref="ILedgerReader"/> on the <c>connections</c> table: the open rows a source's previous run left (Mihomo resumes
/// them at start), and per-relay byte totals of earlier runs (tunnel counters that survive restarts).
/// </summary>
public sealed class DbLedgerReader : ILedgerReader
{
    private readonly IDbContextFactory<RelayDbContext> _dbFactory;

    public DbLedgerReader(IDbContextFactory<RelayDbContext> dbFactory) =>
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConnectionSnapshot>> GetOpenConnectionsAsync(string agentId, string relayId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentException.ThrowIfNullOrEmpty(relayId);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            var rows = await db.Connections.AsNoTracking()
                .Where(c => c.IsOpen && c.AgentId == agentId && c.RelayId == relayId)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return rows.Select(ConnectionMapper.ToSnapshot).ToArray();
        }
    }

    /// <inheritdoc />
    public async Task<LedgerTotals> GetTotalsAsync(string agentId, string relayId, DateTime beforeUtc, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        ArgumentException.ThrowIfNullOrEmpty(relayId);
        var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // One pass over the relay's rows (index RelayId, StartUtc); summed per network in SQL.
            var sums = await db.Connections.AsNoTracking()
                .Where(c => c.AgentId == agentId && c.RelayId == relayId && c.StartUtc < beforeUtc)
                .GroupBy(c => c.Network)
                .Select(g => new { Network = g.Key, Up = g.Sum(c => c.BytesUp), Down = g.Sum(c => c.BytesDown), Count = g.LongCount() })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var tcp = sums.FirstOrDefault(s => s.Network == "tcp");
            var udp = sums.FirstOrDefault(s => s.Network == "udp");
            return new LedgerTotals(tcp?.Up ?? 0, tcp?.Down ?? 0, udp?.Up ?? 0, udp?.Down ?? 0, sums.Sum(s => s.Count));
        }
    }
}
