using RelayEngine.Configuration;
using RelayEngine.Model;

namespace RelayWeb.ViewModels;

/// <summary>One relay as the grids and cards show it: flat properties so a data grid can sort by them.</summary>
public sealed record RelayRowViewModel
{
    public required string RelayId { get; init; }
    public required string Name { get; init; }
    public required RelayProtocol Protocol { get; init; }

    /// <summary>The bound endpoint when listening (resolves port 0), else the configured address.</summary>
    public required string Listen { get; init; }

    public required IReadOnlyList<string> Targets { get; init; }
    public required TargetStrategy Strategy { get; init; }
    public required RelayStatus Status { get; init; }
    public string? StatusReason { get; init; }
    public bool Enabled { get; init; }
    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }
    public long RefusedConnections { get; init; }
    public long FailedConnections { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }
    public DateTime? StartedUtc { get; init; }
    public required RelayConfig Config { get; init; }

    /// <summary>An external connection source (the Mihomo controller), not a relay: shown read-only, no actions.</summary>
    public bool IsExternal { get; init; }

    /// <summary>The agent that runs the relay; null: this node.</summary>
    public string? AgentId { get; init; }

    /// <summary>Runs on an agent: no restart from here, and state and counters come from the agent's heartbeat.</summary>
    public bool IsRemote { get; init; }

    /// <summary>Where the relay runs, for the "Runs on" column.</summary>
    public string RunsOnLabel => IsRemote ? AgentId! : "this node";

    public string ProtocolLabel => RelayLabels.Protocol(Protocol);
    public string StrategyLabel => RelayLabels.Strategy(Strategy);
    public string TargetsLabel => string.Join(", ", Targets);
    public long TotalBytes => BytesUp + BytesDown;

    /// <param name="snapshot">The relay's state.</param>
    /// <param name="remote">True when it runs on an agent rather than in this process.</param>
    public static RelayRowViewModel From(RelaySnapshot snapshot, bool remote = false)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var config = snapshot.Config;
        return new RelayRowViewModel
        {
            RelayId = config.RelayId,
            Name = config.DisplayName,
            Protocol = config.Protocol,
            Listen = snapshot.BoundEndPoint?.ToString() ?? config.Listen,
            Targets = config.Targets,
            Strategy = config.Strategy,
            Status = snapshot.Status,
            StatusReason = snapshot.StatusReason,
            Enabled = config.Enabled,
            ActiveConnections = snapshot.ActiveConnections,
            TotalConnections = snapshot.TotalConnections,
            RefusedConnections = snapshot.RefusedConnections,
            FailedConnections = snapshot.FailedConnections,
            BytesUp = snapshot.BytesUp,
            BytesDown = snapshot.BytesDown,
            StartedUtc = snapshot.StartedUtc,
            Config = config,
            IsExternal = snapshot.IsExternal,
            AgentId = config.AgentId,
            IsRemote = remote,
        };
    }

    /// <summary>Rows ordered for display: faulted first (they need attention), then by name.</summary>
    public static IReadOnlyList<RelayRowViewModel> FromAll(IEnumerable<RelaySnapshot> snapshots, Func<RelaySnapshot, bool>? isRemote = null) =>
        snapshots.Select(s => From(s, isRemote?.Invoke(s) ?? false))
            .OrderBy(r => r.Status == RelayStatus.Faulted ? 0 : 1)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToArray();
}
