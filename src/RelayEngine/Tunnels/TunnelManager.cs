using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Events;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// Applies the tunnel ends of each configuration snapshot (called by <see cref="EngineConfigManager"/> under its apply lock,
/// like relays): diffs by id with value equality, starts added ends, restarts changed or Faulted ones, stops removed ones.
/// An end that cannot run is Faulted with the reason; nothing else is affected. Serves <see cref="ITunnelStateLookup"/>.
/// Each end's pseudo-relay (<c>{TunnelId}:server</c> / <c>{TunnelId}:client</c>) joins <see cref="ExternalRelayStates"/>, as
/// the Mihomo source's does: the traffic sampler counts it, the relay lookup lists it read-only, the ledger names it.
/// </summary>
internal sealed partial class TunnelManager : ITunnelStateLookup
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConnectionRegistry _registry;
    private readonly EngineEventHub _events;
    private readonly TrafficHistory _history;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _endLogger;
    private readonly RelayEngineOptions _engineOptions;
    private readonly TunnelOptions _options;
    private readonly ExternalRelayStates _external;
    private readonly ILedgerReader? _ledgerReader;

    public TunnelManager(ConnectionRegistry registry, EngineEventHub events, TrafficHistory history, TimeProvider time, ILoggerFactory loggers,
        IOptions<RelayEngineOptions> engineOptions, IOptions<TunnelOptions> options, ExternalRelayStates external, ILedgerReader? ledgerReader = null)
    {
        _ledgerReader = ledgerReader;
        _external = external ?? throw new ArgumentNullException(nameof(external));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = loggers.CreateLogger<TunnelManager>();
        _endLogger = loggers.CreateLogger("RelayEngine.Tunnels.Tunnel");
        _engineOptions = engineOptions.Value;
        _options = options.Value;
    }

    /// <summary>Brings the running ends in line with <paramref name="tunnels"/>. Never throws for one bad end.</summary>
    public async Task ApplyAsync(IReadOnlyList<TunnelConfig> tunnels)
    {
        var desired = new Dictionary<string, TunnelConfig>(StringComparer.OrdinalIgnoreCase);
        // Keyed by end (id and role): a node may run both ends of one tunnel (the master, in a loopback test or a demo).
        foreach (var tunnel in tunnels) desired[TunnelState.LedgerRelayId(tunnel.TunnelId, tunnel.Role)] = tunnel;

        foreach (var (tunnelId, entry) in _entries.ToArray())
        {
            if (desired.ContainsKey(tunnelId)) continue;
            await StopEntryAsync(entry, _engineOptions.DrainTimeout).ConfigureAwait(false);
            _entries.TryRemove(tunnelId, out _);
            _external.Remove(entry.State.Relay);
            _history.Remove(entry.State.Relay.RelayId);
            Log.Removed(_logger, tunnelId);
        }

        foreach (var config in desired.Values)
        {
            var endId = TunnelState.LedgerRelayId(config.TunnelId, config.Role);
            if (_entries.TryGetValue(endId, out var existing))
            {
                if (existing.State.Config.Equals(config) && existing.State.Status != TunnelStatus.Faulted) continue;
                await StopEntryAsync(existing, _engineOptions.DrainTimeout).ConfigureAwait(false);
                _external.Remove(existing.State.Relay);
                _history.Remove(existing.State.Relay.RelayId);
                Log.Changed(_logger, config.TunnelId);
            }
            else
            {
                Log.Added(_logger, config.TunnelId, config.Role.ToString().ToLowerInvariant(), config.TunnelAddress);
            }
            var entry = new Entry(new TunnelState(config, _time, _options.EventHistory, NotifyChanged));
            _entries[endId] = entry;
            try
            {
                _external.Add(entry.State.Relay);
            }
            catch (InvalidOperationException e)
            {
                Fault(entry.State, e.Message); // another source already uses this relay id
                continue;
            }
            await StartEntryAsync(entry).ConfigureAwait(false);
            if (_ledgerReader is not null) _ = RestoreCountersAsync(entry.State, _ledgerReader);
        }
        _events.NotifyChanged(EngineTopic.Tunnels);
    }

    /// <summary>Tunnel counters survive restarts: add what the ledger recorded for this end before it started. Never throws.</summary>
    private async Task RestoreCountersAsync(TunnelState state, ILedgerReader reader)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), _time);
            var totals = await reader.GetTotalsAsync(_engineOptions.AgentId, state.Relay.RelayId, state.CreatedUtc, timeout.Token).ConfigureAwait(false);
            state.RestoreCounters(totals);
        }
        catch (Exception e)
        {
            Log.CountersNotRestored(_logger, state.Config.TunnelId, e);
        }
    }

    private async Task StartEntryAsync(Entry entry)
    {
        var state = entry.State;
        var config = state.Config;
        if (!config.Enabled)
        {
            state.SetStatus(TunnelStatus.Stopped, "stopped by a user");
            return;
        }
        var errors = TunnelConfigValidator.Validate(config);
        if (errors.Count > 0)
        {
            Fault(state, "invalid configuration: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
            return;
        }
        var stopping = new CancellationTokenSource();
        var context = new TunnelEndContext(state, _registry, _options, _engineOptions, _time, _endLogger, stopping.Token);
        ITunnelEnd? end = null;
        try
        {
            end = config.Role == TunnelRole.Server ? new TunnelServer(context, stopping) : new TunnelClient(context, stopping);
            end.Start();
            entry.End = end;
        }
        catch (Exception e)
        {
            // One end that cannot run never stops the others: whatever went wrong, it is Faulted with the reason.
            stopping.Cancel();
            if (end is not null) await end.DisposeAsync().ConfigureAwait(false); // before Fault, so "stopped" cannot overwrite it
            else context.Dispose();
            Fault(state, e is RelayBindException or InvalidOperationException or IOException ? e.Message : $"failed to start: {e.Message}");
        }
    }

    private void NotifyChanged()
    {
        _events.NotifyChanged(EngineTopic.Tunnels);
        _events.NotifyChanged(EngineTopic.Relays); // the ends' pseudo-relays changed state too
    }

    private void Fault(TunnelState state, string reason)
    {
        state.SetStatus(TunnelStatus.Faulted, reason);
        Log.Faulted(_logger, state.Config.TunnelId, reason);
    }

    private static async Task StopEntryAsync(Entry entry, TimeSpan drainTimeout)
    {
        var end = entry.End;
        entry.End = null;
        if (end is null) return;
        await end.StopAsync(drainTimeout).ConfigureAwait(false);
        await end.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops every end (draining up to <paramref name="drainTimeout"/>); used at shutdown.</summary>
    public Task StopAllAsync(TimeSpan drainTimeout) => Task.WhenAll(_entries.Values.Select(e => StopEntryAsync(e, drainTimeout)));

    public IReadOnlyList<TunnelSnapshot> GetTunnels() =>
        _entries.Values.Select(e => e.State.ToSnapshot()).OrderBy(s => s.Config.DisplayName, StringComparer.OrdinalIgnoreCase).ToArray();

    public bool TryGetTunnel(string tunnelId, out TunnelSnapshot snapshot)
    {
        if (_entries.TryGetValue(TunnelState.LedgerRelayId(tunnelId, TunnelRole.Server), out var entry)
            || _entries.TryGetValue(TunnelState.LedgerRelayId(tunnelId, TunnelRole.Client), out entry))
        {
            snapshot = entry.State.ToSnapshot();
            return true;
        }
        snapshot = null!;
        return false;
    }

    private sealed class Entry(TunnelState state)
    {
        public TunnelState State { get; } = state;
        public ITunnelEnd? End { get; set; }
    }
}
