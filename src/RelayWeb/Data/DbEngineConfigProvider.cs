using System.Security.Cryptography;
using System.Text.Json;
using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RelayData;
using RelayData.Entities;
using RelayEngine.Configuration;
using RelayEngine.Management;
using RelayWeb.Services;

namespace RelayWeb.Data;

/// <summary>
/// The engine's configuration, read from the <c>relays</c> and <c>tunnels</c> tables (each tunnel end compiled into a
/// <see cref="TunnelConfig"/> for the node that runs it). <see cref="GetConfig"/> returns the current snapshot
/// (loading it synchronously the first time); <see cref="InvalidateAsync"/> reloads it after a write, swaps it in and
/// signals the old snapshot's change token (the <see cref="InMemoryEngineConfigProvider"/> protocol).
/// </summary>
/// <remarks>
/// The engine's snapshot holds only the relays this node runs: <see cref="RelayConfig.AgentId"/> null or equal to this
/// node's <see cref="RelayEngineOptions.AgentId"/>. Relays placed on other agents are kept per agent and handed out by
/// <see cref="GetAssignment"/> on each sync, with a revision that changes exactly when that agent's relays do.
/// </remarks>
/// <remarks>
/// <see cref="IEngineConfig.RevisionId"/> is a hash of the snapshot's content, so it changes exactly when the
/// configuration does and stays the same across restarts. A stored row that cannot be mapped (edited by hand) is skipped
/// and logged rather than stopping every other relay.
/// </remarks>
public sealed partial class DbEngineConfigProvider : IEngineConfigProvider
{
    private static readonly RelayAssignment s_empty = new(ComputeRevision([], []), [], []);

    private readonly IDbContextFactory<RelayDbContext> _dbFactory;
    private readonly ILogger<DbEngineConfigProvider> _logger;
    private readonly string _agentId;
    private volatile FrozenDictionary<string, RelayAssignment> _assignments = FrozenDictionary<string, RelayAssignment>.Empty;
    private readonly SemaphoreSlim _loadGate = new(1, 1); // one load at a time, so snapshots are swapped in load order
    private volatile EngineConfigSnapshot? _config;

    public DbEngineConfigProvider(IDbContextFactory<RelayDbContext> dbFactory, ILogger<DbEngineConfigProvider> logger, IOptions<RelayEngineOptions> engineOptions)
    {
        _dbFactory = dbFactory ?? throw new ArgumentNullException(nameof(dbFactory));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _agentId = engineOptions?.Value.AgentId ?? throw new ArgumentNullException(nameof(engineOptions));
    }

    /// <summary>
    /// The relays placed on <paramref name="agentId"/> (enabled or not) and their revision; an agent with none gets an
    /// empty list (so removing its last relay reaches it). Loads the catalogue first if nothing has loaded it yet.
    /// </summary>
    public RelayAssignment GetAssignment(string agentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentId);
        GetConfig();
        return _assignments.TryGetValue(agentId, out var assignment) ? assignment : s_empty;
    }

    /// <summary>Every relay placed on an agent, by agent id.</summary>
    public IReadOnlyDictionary<string, RelayAssignment> GetAssignments()
    {
        GetConfig();
        return _assignments;
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
                Swap(Load(db.Relays.AsNoTracking().ToList(), db.Tunnels.AsNoTracking().ToList()));
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
                var tunnels = await db.Tunnels.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
                return Swap(Load(rows, tunnels)).RevisionId;
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

    /// <summary>Maps the rows, publishes the per-agent assignments, and returns the snapshot of this node's relays.</summary>
    private EngineConfigSnapshot Load(List<Relay> rows, List<Tunnel> tunnelRows)
    {
        var local = new List<RelayConfig>(rows.Count);
        var remote = new Dictionary<string, List<RelayConfig>>(StringComparer.Ordinal);
        var localTunnels = new List<TunnelConfig>();
        var remoteTunnels = new Dictionary<string, List<TunnelConfig>>(StringComparer.Ordinal);
        foreach (var row in rows.OrderBy(r => r.RelayId, StringComparer.Ordinal))
        {
            RelayConfig relay;
            try
            {
                relay = RelayConfigMapper.ToConfig(row);
            }
            catch (FormatException ex)
            {
                Log.RelaySkipped(_logger, row.RelayId, ex.Message);
                continue;
            }
            if (relay.AgentId is null || string.Equals(relay.AgentId, _agentId, StringComparison.Ordinal))
            {
                local.Add(relay);
            }
            else
            {
                if (!remote.TryGetValue(relay.AgentId, out var list)) remote[relay.AgentId] = list = [];
                list.Add(relay);
            }
        }
        foreach (var row in tunnelRows.OrderBy(t => t.TunnelId, StringComparer.Ordinal))
        {
            TunnelDefinition tunnel;
            try
            {
                tunnel = TunnelMapper.ToDefinition(row);
            }
            catch (FormatException ex)
            {
                Log.RelaySkipped(_logger, row.TunnelId, ex.Message);
                continue;
            }
            // Each end goes to the node that runs it; both ends may run here.
            foreach (var role in tunnel.Roles)
            {
                var agentId = tunnel.GetEnd(role)!.AgentId;
                var end = tunnel.ToEndConfig(role);
                if (agentId is null || string.Equals(agentId, _agentId, StringComparison.Ordinal))
                {
                    localTunnels.Add(end);
                }
                else
                {
                    if (!remoteTunnels.TryGetValue(agentId, out var list)) remoteTunnels[agentId] = list = [];
                    list.Add(end);
                }
            }
        }
        _assignments = remote.Keys.Union(remoteTunnels.Keys).ToFrozenDictionary(
            agentId => agentId,
            agentId =>
            {
                IReadOnlyList<RelayConfig> relays = remote.TryGetValue(agentId, out var r) ? r : [];
                IReadOnlyList<TunnelConfig> tunnels = remoteTunnels.TryGetValue(agentId, out var t) ? t : [];
                return new RelayAssignment(ComputeRevision(relays, tunnels), relays, tunnels);
            },
            StringComparer.Ordinal);
        return new EngineConfigSnapshot(local, localTunnels, ComputeRevision(local, localTunnels));
    }

    /// <summary>A hash of the content; with no tunnels it is the relays-only hash earlier versions computed, so agents see no change.</summary>
    private static string ComputeRevision(IReadOnlyList<RelayConfig> relays, IReadOnlyList<TunnelConfig> tunnels)
    {
        var json = tunnels.Count == 0 ? JsonSerializer.SerializeToUtf8Bytes(relays) : JsonSerializer.SerializeToUtf8Bytes(new { relays, tunnels });
        return Convert.ToHexStringLower(SHA256.HashData(json), 0, 8);
    }
}
