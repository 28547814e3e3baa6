using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Ledger;

namespace RelayEngine.Management;

/// <summary>
/// Starts the engine with the host and stops it in the right order: relays first (their final records are queued),
/// then the ledger writer flushes them.
/// </summary>
internal sealed class RelayEngineHostedService(
    EngineConfigManager manager,
    LedgerWriter ledger,
    StatsSampler sampler,
    EngineEventHub events,
    ConnectionRegistry registry,
    IOptions<RelayEngineOptions> options) : IHostedService
{
    private readonly CancellationTokenSource _stopLedger = new();
    private readonly CancellationTokenSource _finalFlush = new();
    private Task? _ledgerLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        events.Connections = registry;
        _ledgerLoop = Task.Run(() => ledger.RunAsync(_stopLedger.Token, _finalFlush.Token), CancellationToken.None);
        await manager.StartAsync(cancellationToken).ConfigureAwait(false);
        sampler.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sampler.Dispose();
        await manager.StopAllAsync(options.Value.DrainTimeout).ConfigureAwait(false);
        sampler.Sample(); // last traffic point and counter updates before the ledger closes
        _stopLedger.Cancel();
        _finalFlush.CancelAfter(TimeSpan.FromSeconds(10));
        if (_ledgerLoop is not null) await _ledgerLoop.ConfigureAwait(false);
    }
}
