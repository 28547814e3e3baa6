namespace RelayData.Entities;

/// <summary>A relay's stored configuration (the engine's RelayConfig, persisted). Targets are stored as a JSON array.</summary>
public sealed class Relay
{
    public long Key { get; set; }
    public required string RelayId { get; set; }
    public required string Name { get; set; }
    public required string Protocol { get; set; }          // "tcp" | "udp"
    public required string Listen { get; set; }
    public required List<string> Targets { get; set; }
    public required string Strategy { get; set; }          // "failover" | "round-robin" | "all"
    public bool Enabled { get; set; } = true;
    public int? ConnectTimeoutMs { get; set; }
    public int? IdleTimeoutMs { get; set; }
    public int? MaxConnections { get; set; }
    /// <summary>The agent that runs this relay; null: the node that holds this database (the master itself).</summary>
    public string? AgentId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
