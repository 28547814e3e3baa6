using RelayEngine.Configuration;
using RelayEngine.Model;

namespace RelayWeb.Api.Contracts;

/// <summary>A relay: its stored configuration plus its live state and counters (counters are since this process started).</summary>
public sealed record RelayDto
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required RelayProtocol Protocol { get; init; }
    public required string Listen { get; init; }
    public required IReadOnlyList<string> Targets { get; init; }
    public required TargetStrategy Strategy { get; init; }
    public required bool Enabled { get; init; }
    public int? ConnectTimeoutMs { get; init; }
    public int? IdleTimeoutMs { get; init; }
    public int? MaxConnections { get; init; }

    /// <summary>The agent that runs the relay; null: the master itself.</summary>
    public string? AgentId { get; init; }

    /// <summary><c>Running</c>, <c>Stopped</c>, <c>Faulted</c>, <c>Starting</c> or <c>Stopping</c>.</summary>
    public required RelayStatus State { get; init; }

    /// <summary>Why the relay is faulted or stopped (for example the port is in use); null when running.</summary>
    public string? StateReason { get; init; }

    /// <summary>The address actually bound (port 0 resolved); null when not listening.</summary>
    public string? BoundEndpoint { get; init; }

    public int ActiveConnections { get; init; }
    public long TotalConnections { get; init; }
    public long RefusedConnections { get; init; }
    public long FailedConnections { get; init; }
    public long BytesUp { get; init; }
    public long BytesDown { get; init; }
    public DateTime? StartedUtc { get; init; }

    /// <summary>
    /// Maps the stored <paramref name="config"/> with the engine's <paramref name="live"/> state. Without a live state (the
    /// engine has not applied the change yet) the state is <c>Starting</c> for an enabled relay and <c>Stopped</c> otherwise.
    /// </summary>
    public static RelayDto From(RelayConfig config, RelaySnapshot? live) => new()
    {
        Id = config.RelayId,
        Name = config.DisplayName,
        Protocol = config.Protocol,
        Listen = config.Listen,
        Targets = config.Targets,
        Strategy = config.Strategy,
        Enabled = config.Enabled,
        ConnectTimeoutMs = ToMilliseconds(config.ConnectTimeout),
        IdleTimeoutMs = ToMilliseconds(config.IdleTimeout),
        MaxConnections = config.MaxConnections,
        AgentId = config.AgentId,
        State = live?.Status ?? (config.Enabled ? RelayStatus.Starting : RelayStatus.Stopped),
        StateReason = live?.StatusReason,
        BoundEndpoint = live?.BoundEndPoint?.ToString(),
        ActiveConnections = live?.ActiveConnections ?? 0,
        TotalConnections = live?.TotalConnections ?? 0,
        RefusedConnections = live?.RefusedConnections ?? 0,
        FailedConnections = live?.FailedConnections ?? 0,
        BytesUp = live?.BytesUp ?? 0,
        BytesDown = live?.BytesDown ?? 0,
        StartedUtc = live?.StartedUtc,
    };

    private static int? ToMilliseconds(TimeSpan? value) => value is { } v ? (int)Math.Round(v.TotalMilliseconds) : null;
}
