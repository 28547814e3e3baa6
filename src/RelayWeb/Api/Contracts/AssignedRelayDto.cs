using RelayEngine.Configuration;

namespace RelayWeb.Api.Contracts;

/// <summary>A relay's configuration as an agent receives it (<see cref="RelayDto"/>'s configuration fields).</summary>
public sealed record AssignedRelayDto
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

    public static AssignedRelayDto From(RelayConfig config) => new()
    {
        Id = config.RelayId,
        Name = config.DisplayName,
        Protocol = config.Protocol,
        Listen = config.Listen,
        Targets = config.Targets,
        Strategy = config.Strategy,
        Enabled = config.Enabled,
        ConnectTimeoutMs = config.ConnectTimeout is { } c ? (int)Math.Round(c.TotalMilliseconds) : null,
        IdleTimeoutMs = config.IdleTimeout is { } i ? (int)Math.Round(i.TotalMilliseconds) : null,
        MaxConnections = config.MaxConnections,
    };

    /// <summary>The engine configuration the agent runs, placed on <paramref name="agentId"/>.</summary>
    public RelayConfig ToConfig(string agentId) => new()
    {
        RelayId = Id,
        Name = Name,
        Protocol = Protocol,
        Listen = Listen,
        Targets = Targets,
        Strategy = Strategy,
        Enabled = Enabled,
        ConnectTimeout = ConnectTimeoutMs is { } c ? TimeSpan.FromMilliseconds(c) : null,
        IdleTimeout = IdleTimeoutMs is { } i ? TimeSpan.FromMilliseconds(i) : null,
        MaxConnections = MaxConnections,
        AgentId = agentId,
    };
}
