using RelayEngine.Configuration;

namespace RelayWeb.ViewModels;

/// <summary>
/// The relay dialog's editable state. Text fields hold what the person typed; <see cref="ToConfig"/> turns it into a
/// <see cref="RelayConfig"/> for <see cref="IEngineConfigValidator"/> and the store, whose errors come back through
/// <see cref="RelayFormErrors"/> to the field they belong to.
/// </summary>
public sealed class RelayFormModel
{
    /// <summary>Null while creating a relay; the store assigns the id.</summary>
    public string? RelayId { get; init; }

    public string Name { get; set; } = "";
    public RelayProtocol Protocol { get; set; } = RelayProtocol.Tcp;
    public string Listen { get; set; } = "";

    /// <summary>One target per line (commas also separate).</summary>
    public string Targets { get; set; } = "";

    public TargetStrategy Strategy { get; set; } = TargetStrategy.Failover;
    public int? ConnectTimeoutMs { get; set; }
    public int? IdleTimeoutSeconds { get; set; }
    public int? MaxConnections { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>"Runs on": <see cref="ThisNode"/>, an agent id, or <see cref="OtherAgent"/> (then <see cref="OtherAgentId"/>).</summary>
    public string RunsOn { get; set; } = ThisNode;

    /// <summary>An agent that has not synced yet, typed in when <see cref="RunsOn"/> is <see cref="OtherAgent"/>.</summary>
    public string OtherAgentId { get; set; } = "";

    /// <summary>The "Runs on" value for the master itself.</summary>
    public const string ThisNode = "";

    /// <summary>The "Runs on" value that reveals a text box for an agent id not in the list.</summary>
    public const string OtherAgent = "\u0001other";

    public bool IsNew => RelayId is null;

    /// <summary>The agent id the choice stands for; null for this node.</summary>
    public string? AgentId => RunsOn switch
    {
        ThisNode => null,
        OtherAgent => string.IsNullOrWhiteSpace(OtherAgentId) ? null : OtherAgentId.Trim(),
        var agent => agent,
    };

    /// <summary>
    /// The "Runs on" choices: this node, then <paramref name="knownAgents"/> (and the relay's current agent, if it is not
    /// among them), then "another agent".
    /// </summary>
    public IReadOnlyList<(string Text, string Value)> RunsOnOptions(IEnumerable<string> knownAgents)
    {
        var agents = knownAgents.Append(AgentId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [("This node (the master)", ThisNode), .. agents.Select(a => ($"Agent {a}", a)), ("Another agent (type its id)…", OtherAgent)];
    }

    /// <summary>Strategies the chosen protocol supports: <c>all</c> (fan-out) is UDP only.</summary>
    public IReadOnlyList<TargetStrategy> AvailableStrategies => Protocol == RelayProtocol.Udp
        ? [TargetStrategy.Failover, TargetStrategy.RoundRobin, TargetStrategy.All]
        : [TargetStrategy.Failover, TargetStrategy.RoundRobin];

    /// <summary>The targets as entered, trimmed, blank lines dropped; index i is the validator's <c>targets[i]</c>.</summary>
    public IReadOnlyList<string> TargetList => Targets
        .Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static RelayFormModel From(RelayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new RelayFormModel
        {
            RelayId = config.RelayId,
            Name = config.Name ?? "",
            Protocol = config.Protocol,
            Listen = config.Listen,
            Targets = string.Join('\n', config.Targets),
            Strategy = config.Strategy,
            ConnectTimeoutMs = config.ConnectTimeout is { } c ? (int)c.TotalMilliseconds : null,
            IdleTimeoutSeconds = config.IdleTimeout is { } i ? (int)Math.Ceiling(i.TotalSeconds) : null,
            MaxConnections = config.MaxConnections,
            Enabled = config.Enabled,
            RunsOn = config.AgentId ?? ThisNode,
        };
    }

    /// <summary>Switching to TCP drops the UDP-only strategy instead of leaving an invalid choice selected.</summary>
    public void SetProtocol(RelayProtocol protocol)
    {
        Protocol = protocol;
        if (!AvailableStrategies.Contains(Strategy)) Strategy = TargetStrategy.Failover;
    }

    /// <summary>The configuration to validate and store. A new relay gets a placeholder id the store replaces.</summary>
    public RelayConfig ToConfig() => new()
    {
        RelayId = RelayId ?? "new",
        Name = Name.Trim(),
        Protocol = Protocol,
        Listen = Listen.Trim(),
        Targets = TargetList,
        Strategy = Strategy,
        Enabled = Enabled,
        ConnectTimeout = ConnectTimeoutMs is { } c ? TimeSpan.FromMilliseconds(c) : null,
        IdleTimeout = IdleTimeoutSeconds is { } i ? TimeSpan.FromSeconds(i) : null,
        MaxConnections = MaxConnections is 0 ? null : MaxConnections,
        AgentId = RunsOn == OtherAgent ? (string.IsNullOrWhiteSpace(OtherAgentId) ? "" : OtherAgentId.Trim()) : AgentId,
    };
}
