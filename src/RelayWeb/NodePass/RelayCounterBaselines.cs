using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayWeb.Api;

namespace RelayWeb.NodePass;

/// <summary>
/// What a relay of this node carried in earlier runs of the server (its ledger rows that started before
/// <see cref="ServerInfo.StartedUtc"/>), so a single-end forward's NodePass counters are cumulative across restarts as a
/// tunnel end's are. A relay's live counters start with the process, so live + baseline counts every byte once.
/// </summary>
/// <remarks>Read once per relay and cached: rows of earlier runs no longer change. A failed read is not cached.</remarks>
public sealed class RelayCounterBaselines(ILedgerReader ledger, ServerInfo server, IOptions<RelayEngineOptions> engineOptions, TimeProvider time)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, Task<LedgerTotals>> _cache = new(StringComparer.OrdinalIgnoreCase);

    public async Task<LedgerTotals> GetAsync(string relayId, CancellationToken cancellationToken)
    {
        var read = _cache.GetOrAdd(relayId, ReadAsync);
        try
        {
            return await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _cache.TryRemove(new KeyValuePair<string, Task<LedgerTotals>>(relayId, read));
            throw;
        }
    }

    // Shared by every caller, so it does not take any one caller's token; the timeout bounds it instead.
    private async Task<LedgerTotals> ReadAsync(string relayId)
    {
        using var timeout = new CancellationTokenSource(ReadTimeout, time);
        return await ledger.GetTotalsAsync(engineOptions.Value.AgentId, relayId, server.StartedUtc, timeout.Token).ConfigureAwait(false);
    }
}
