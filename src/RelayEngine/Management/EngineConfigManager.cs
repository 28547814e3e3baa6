using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Events;
using RelayEngine.Model;
using RelayEngine.Transport;
using RelayEngine.Tunnels;

namespace RelayEngine.Management;

/// <summary>
/// Applies configuration snapshots to running relays (YARP's ProxyConfigManager, reduced): diffs by id with value equality,
/// then binds added relays, rebinds changed ones and unbinds removed ones. A relay that cannot bind or is invalid becomes
/// Faulted with the reason; nothing else is affected. Applies are serialized; reloads follow the snapshot's change token.
/// </summary>
internal sealed partial class EngineConfigManager : IRelayStateLookup, IRelayControl
{
    private readonly IEngineConfigProvider _provider;
    private readonly IEngineConfigValidator _validator;
    private readonly RelayListenerFactory _listeners;
    private readonly EngineEventHub _events;
    private readonly TrafficHistory _history;
    private readonly TimeProvider _time;
    private readonly ILogger<EngineConfigManager> _logger;
    private readonly RelayEngineOptions _options;
    private readonly ExternalRelayStates _external;
    private readonly TunnelManager? _tunnels;
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly ConcurrentDictionary<string, RelayEntry> _relays = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Revision, long Generation, TaskCompletionSource Done)> _waiters = [];
    private volatile string? _appliedRevision;
    private long _applyGeneration;
    private IDisposable? _changeSubscription;
    private volatile bool _stopped;

    public EngineConfigManager(
        IEngineConfigProvider provider,
        IEngineConfigValidator validator,
        RelayListenerFactory listeners,
        EngineEventHub events,
        TrafficHistory history,
        TimeProvider time,
        ILogger<EngineConfigManager> logger,
        IOptions<RelayEngineOptions> options,
        ExternalRelayStates? external = null,
        TunnelManager? tunnels = null)
    {
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _listeners = listeners ?? throw new ArgumentNullException(nameof(listeners));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _history = history ?? throw new ArgumentNullException(nameof(history));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _options = options.Value;
        _external = external ?? new ExternalRelayStates();
        _tunnels = tunnels;
    }

    public string? AppliedRevision => _appliedRevision;

    /// <summary>Loads and applies the first snapshot. A provider failure here is fatal (the host must not start half-configured).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IEngineConfig config;
        try
        {
            config = _provider.GetConfig();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException("Unable to load the relay configuration.", ex);
        }
        await ApplyAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private void WatchForChanges(IEngineConfig config)
    {
        _changeSubscription?.Dispose();
        _changeSubscription = config.ChangeToken.RegisterChangeCallback(static state =>
        {
            var self = (EngineConfigManager)state!;
            _ = Task.Run(self.ReloadAsync); // never apply on the thread that signalled (an API request)
        }, this);
    }

    private async Task ReloadAsync()
    {
        if (_stopped) return;
        try
        {
            await ApplyAsync(_provider.GetConfig(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Keep the last good relays running (YARP: log and keep the last snapshot).
            Log.ReloadFailed(_logger, ex);
        }
    }

    private async Task ApplyAsync(IEngineConfig config, CancellationToken cancellationToken)
    {
        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped) return;
            WatchForChanges(config);
            var desired = new Dictionary<string, RelayConfig>(StringComparer.OrdinalIgnoreCase);
            foreach (var relay in config.Relays) desired[relay.RelayId] = relay;

            foreach (var (relayId, entry) in _relays.ToArray())
            {
                if (desired.ContainsKey(relayId)) continue;
                await StopEntryAsync(entry, _options.DrainTimeout).ConfigureAwait(false);
                _relays.TryRemove(relayId, out _);
                _history.Remove(relayId);
                Log.RelayRemoved(_logger, relayId);
            }

            foreach (var relay in desired.Values)
            {
                if (_relays.TryGetValue(relay.RelayId, out var existing))
                {
                    // Unchanged relays are left alone; a Faulted one (its port was taken, say) gets another try on every apply.
                    if (existing.State.Config.Equals(relay) && existing.State.Status != RelayStatus.Faulted) continue;
                    await StopEntryAsync(existing, _options.DrainTimeout).ConfigureAwait(false);
                    existing.State.Config = relay;
                    StartEntry(existing);
                    Log.RelayChanged(_logger, relay.RelayId);
                }
                else
                {
                    var entry = new RelayEntry(new RelayState(relay));
                    _relays[relay.RelayId] = entry;
                    StartEntry(entry);
                    Log.RelayAdded(_logger, relay.RelayId, relay.Protocol.ToString().ToLowerInvariant(), relay.Listen);
                }
            }

            if (_tunnels is not null) await _tunnels.ApplyAsync(config.Tunnels).ConfigureAwait(false);

            _appliedRevision = config.RevisionId;
            Interlocked.Increment(ref _applyGeneration);
            Log.ConfigApplied(_logger, config.RevisionId, _relays.Count);
        }
        finally
        {
            _applyLock.Release();
            CompleteWaiters();
            _events.NotifyChanged(EngineTopic.Relays);
        }
    }

    private void StartEntry(RelayEntry entry)
    {
        var state = entry.State;
        var config = state.Config;
        if (!config.Enabled)
        {
            state.SetStatus(RelayStatus.Stopped, "Stopped by a user.");
            return;
        }
        var errors = _validator.Validate(config);
        if (errors.Count > 0)
        {
            var reason = "Invalid configuration: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
            state.SetStatus(RelayStatus.Faulted, reason);
            Log.RelayFaulted(_logger, config.RelayId, reason);
            return;
        }

        state.SetStatus(RelayStatus.Starting);
        IRelayListener? listener = null;
        try
        {
            listener = _listeners.Create(state);
            listener.Start();
            entry.Listener = listener;
            state.SetStatus(RelayStatus.Running, null, listener.BoundEndPoint, _time.GetUtcNow().UtcDateTime);
        }
        catch (Exception ex)
        {
            var reason = ex is RelayBindException ? ex.Message : $"Failed to start: {ex.Message}";
            state.SetStatus(RelayStatus.Faulted, reason);
            entry.Listener = null;
            if (listener is not null) _ = listener.DisposeAsync().AsTask();
            Log.RelayFaulted(_logger, config.RelayId, reason);
        }
    }

    private static async Task StopEntryAsync(RelayEntry entry, TimeSpan drainTimeout)
    {
        var listener = entry.Listener;
        entry.Listener = null;
        if (listener is null)
        {
            if (entry.State.Status != RelayStatus.Faulted) entry.State.SetStatus(RelayStatus.Stopped);
            return;
        }
        entry.State.SetStatus(RelayStatus.Stopping);
        await listener.StopAsync(drainTimeout).ConfigureAwait(false);
        await listener.DisposeAsync().ConfigureAwait(false);
        entry.State.SetStatus(RelayStatus.Stopped);
    }

    public async Task<bool> RestartRelayAsync(string relayId, CancellationToken cancellationToken = default)
    {
        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_relays.TryGetValue(relayId, out var entry)) return false;
            await StopEntryAsync(entry, _options.DrainTimeout).ConfigureAwait(false);
            StartEntry(entry);
            Log.RelayRestarted(_logger, relayId);
            return true;
        }
        finally
        {
            _applyLock.Release();
            _events.NotifyChanged(EngineTopic.Relays);
        }
    }

    /// <summary>Stops every relay (draining up to <paramref name="drainTimeout"/>); used at shutdown. No reloads after this.</summary>
    public async Task StopAllAsync(TimeSpan drainTimeout)
    {
        await _applyLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _stopped = true;
            _changeSubscription?.Dispose();
            await Task.WhenAll(_relays.Values.Select(e => StopEntryAsync(e, drainTimeout))
                .Append(_tunnels?.StopAllAsync(drainTimeout) ?? Task.CompletedTask)).ConfigureAwait(false);
        }
        finally
        {
            _applyLock.Release();
            CompleteWaiters(all: true);
        }
    }

    public Task WaitForRevisionAsync(string revisionId, CancellationToken cancellationToken = default)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters) _waiters.Add((revisionId, Interlocked.Read(ref _applyGeneration), tcs));
        CompleteWaiters();
        return tcs.Task.WaitAsync(cancellationToken);
    }

    private void CompleteWaiters(bool all = false)
    {
        lock (_waiters)
        {
            var generation = Interlocked.Read(ref _applyGeneration);
            var current = _provider.GetConfig().RevisionId;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var (revision, registeredAt, done) = _waiters[i];
                // Done when exactly that revision is applied, or a later apply happened after it stopped being current.
                var applied = revision == _appliedRevision || (generation > registeredAt && current != revision);
                if (all || _stopped || applied)
                {
                    done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>Configured relays, then external sources' pseudo-relays (<see cref="ExternalRelayStates"/>): what the sampler counts.</summary>
    internal IEnumerable<RelayState> GetRelayStates() => _relays.Values.Select(e => e.State).Concat(_external.States);

    /// <summary>Every relay, external sources included (<see cref="RelaySnapshot.IsExternal"/>), by display name.</summary>
    public IReadOnlyList<RelaySnapshot> GetRelays() =>
        GetRelayStates().Select(s => s.ToSnapshot()).OrderBy(s => s.Config.DisplayName, StringComparer.OrdinalIgnoreCase).ToArray();

    public bool TryGetRelay(string relayId, out RelaySnapshot snapshot)
    {
        if (_relays.TryGetValue(relayId, out var entry))
        {
            snapshot = entry.State.ToSnapshot();
            return true;
        }
        if (_external.TryGet(relayId, out var external))
        {
            snapshot = external.ToSnapshot();
            return true;
        }
        snapshot = null!;
        return false;
    }

    private sealed class RelayEntry(RelayState state)
    {
        public RelayState State { get; } = state;
        public IRelayListener? Listener { get; set; }
    }
}
