using System.Text.Json;
using Microsoft.Extensions.Options;
using RelayEngine.Configuration;
using RelayEngine.Management;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;

namespace RelayWeb.AgentSync;

/// <summary>
/// The agent engine's configuration: the relays and tunnel ends its master assigned, kept in the local database (<c>settings</c> row
/// <see cref="AssignmentSetting"/>) so a restart without the master runs the last known assignment. <see cref="ApplyAsync"/>
/// persists first, then swaps the snapshot and signals the old one (the engine applies it without a restart). The snapshot's
/// revision is the master's assignment revision.
/// </summary>
public sealed partial class AssignmentEngineConfigProvider : IEngineConfigProvider
{
    public const string AssignmentSetting = "agent.assignment";

    private readonly SyncOutbox _store;
    private readonly ILogger<AssignmentEngineConfigProvider> _logger;
    private readonly string _agentId;
    private volatile EngineConfigSnapshot _config = new([], "");

    public AssignmentEngineConfigProvider(SyncOutbox store, IOptions<RelayEngineOptions> engineOptions, ILogger<AssignmentEngineConfigProvider> logger)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _agentId = engineOptions?.Value.AgentId ?? throw new ArgumentNullException(nameof(engineOptions));
    }

    /// <summary>The revision running now; empty before any assignment was received.</summary>
    public string Revision => _config.RevisionId;

    public int RelayCount => _config.Relays.Count;

    /// <summary>Tunnel ends in the running assignment.</summary>
    public int TunnelCount => _config.Tunnels.Count;

    public IEngineConfig GetConfig() => _config;

    /// <summary>Loads the persisted assignment (call at start-up, before the engine starts).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var json = await _store.ReadSettingAsync(AssignmentSetting, cancellationToken).ConfigureAwait(false);
        if (json is null) return;
        try
        {
            var assignment = JsonSerializer.Deserialize<AgentAssignmentDto>(json, RelayJson.Options);
            if (assignment is null) return;
            Swap(assignment);
            Log.Loaded(_logger, assignment.Relays.Count, assignment.Revision);
        }
        catch (JsonException ex)
        {
            Log.Unreadable(_logger, ex);
        }
    }

    /// <summary>Persists <paramref name="assignment"/>, then runs it. Nothing happens when its revision already runs.</summary>
    public async Task ApplyAsync(AgentAssignmentDto assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (string.Equals(assignment.Revision, _config.RevisionId, StringComparison.Ordinal)) return;
        await _store.WriteSettingAsync(AssignmentSetting, JsonSerializer.Serialize(assignment, RelayJson.Options), cancellationToken).ConfigureAwait(false);
        Swap(assignment);
        Log.Applied(_logger, assignment.Relays.Count, assignment.Tunnels?.Count ?? 0, assignment.Revision,
            string.Join(", ", assignment.Relays.Select(r => r.Name).Concat((assignment.Tunnels ?? []).Select(t => $"{t.DisplayName} ({t.Role.ToString().ToLowerInvariant()})"))));
    }

    private void Swap(AgentAssignmentDto assignment)
    {
        var relays = assignment.Relays.Select(r => r.ToConfig(_agentId)).ToArray();
        var previous = Interlocked.Exchange(ref _config, new EngineConfigSnapshot(relays, assignment.Tunnels ?? [], assignment.Revision));
        previous.SignalChange();
    }

    private static partial class Log
    {
        [LoggerMessage(1470, LogLevel.Information, "Running the last known assignment from the local database: {Count} relay(s), revision {Revision}.", EventName = "AgentAssignmentLoaded")]
        public static partial void Loaded(ILogger logger, int count, string revision);

        [LoggerMessage(1471, LogLevel.Information, "New assignment from the master: {Count} relay(s) and {TunnelCount} tunnel end(s) ({Names}), revision {Revision}; applying without a restart.", EventName = "AgentAssignmentApplied")]
        public static partial void Applied(ILogger logger, int count, int tunnelCount, string revision, string names);

        [LoggerMessage(1472, LogLevel.Error, "The stored assignment cannot be read; running no relays until the master sends one.", EventName = "AgentAssignmentUnreadable")]
        public static partial void Unreadable(ILogger logger, Exception exception);
    }
}
