using System.ComponentModel;

namespace RelayWeb.Api.Contracts;

/// <summary>
/// Body of <c>POST /api/v1/relays</c> and <c>PUT /api/v1/relays/{id}</c>. Protocol and strategy are words (<c>tcp|udp</c>,
/// <c>failover|round-robin|all</c>; defaults <c>tcp</c> and <c>failover</c>); timeouts are milliseconds (null: engine default);
/// <c>maxConnections</c> null or 0 is unlimited; <c>enabled</c> defaults to true.
/// </summary>
public sealed record RelayRequest
{
    [Description("Unique name (ignoring case); defaults to the generated id.")]
    public string? Name { get; init; }

    [Description("tcp (default) or udp.")]
    public string? Protocol { get; init; }

    [Description("Listen address, IP:PORT or [IPv6]:PORT; port 0 picks a free port.")]
    public string? Listen { get; init; }

    [Description("One or more HOST:PORT targets.")]
    public IReadOnlyList<string?>? Targets { get; init; }

    [Description("failover (default), round-robin, or all (UDP fan-out).")]
    public string? Strategy { get; init; }

    [Description("TCP connect timeout per target attempt in ms; null: engine default.")]
    public int? ConnectTimeoutMs { get; init; }

    [Description("Idle timeout in ms; null: engine default.")]
    public int? IdleTimeoutMs { get; init; }

    [Description("Concurrent connections (TCP) or sessions (UDP); null or 0 is unlimited.")]
    public int? MaxConnections { get; init; }

    [Description("Start the relay (default true).")]
    public bool? Enabled { get; init; }

    [Description("The agent that runs the relay (its --agent-id); absent or null: the master itself. Applied at the agent's next sync.")]
    public string? AgentId { get; init; }
}
