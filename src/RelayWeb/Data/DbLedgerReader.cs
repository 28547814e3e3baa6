using Microsoft.EntityFrameworkCore;
using RelayData;
using RelayEngine.Connections;
using RelayEngine.Ledger;

namespace RelayWeb.Data;

/// <summary>
/// <see cref="ILedgerReader"/> on the <c>connections</c> table: the open rows a source's previous run left (Mihomo resumes
/// them at start).
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
}
