namespace RelayData.Entities;

/// <summary>
/// A tunnel's stored configuration: its shared settings and up to two ends, each placed on a node. A null
/// <see cref="ServerAddress"/> means the tunnel has no server end here (a NodePass <c>client://</c> instance whose server runs
/// elsewhere), likewise <see cref="ClientAddress"/>. Target lists are stored as JSON arrays.
/// </summary>
public sealed class Tunnel
{
    public long Key { get; set; }
    public required string TunnelId { get; set; }
    public required string Name { get; set; }

    /// <summary>The tunnel key both ends share (the secret). Never derived from a port or address.</summary>
    public required string Secret { get; set; }

    public required string Flow { get; set; }               // "auto" | "reverse" | "forward"
    public int Tls { get; set; }                             // 0 | 1 | 2
    public string? CertificatePath { get; set; }
    public string? PrivateKeyPath { get; set; }
    public int MinPool { get; set; } = 64;
    public int MaxPool { get; set; } = 1024;
    public required string Strategy { get; set; }           // "failover" | "round-robin"
    public bool Enabled { get; set; } = true;
    /// <summary>NodePass <c>read</c>: idle timeout in ms; null: engine default.</summary>
    public int? IdleTimeoutMs { get; set; }
    /// <summary>NodePass <c>rate</c>: Mbit/s each way per end; 0 unlimited.</summary>
    public int RateLimitMbps { get; set; }
    /// <summary>NodePass <c>proxy=1</c>: PROXY protocol v1 toward the target.</summary>
    public bool ProxyProtocol { get; set; }
    /// <summary>NodePass <c>slot</c>: most connections plus sessions per end; null or 0 unlimited.</summary>
    public int? MaxConnections { get; set; }
    public int? ConnectTimeoutMs { get; set; }

    /// <summary>The server end's tunnel listen address (<c>:10101</c>); null: no server end.</summary>
    public string? ServerAddress { get; set; }
    /// <summary>The agent that runs the server end; null: this node (the master).</summary>
    public string? ServerAgentId { get; set; }
    public required List<string> ServerTargets { get; set; }

    /// <summary>The server address the client end dials (<c>host:10101</c>); null: no client end.</summary>
    public string? ClientAddress { get; set; }
    /// <summary>The agent that runs the client end; null: this node (the master).</summary>
    public string? ClientAgentId { get; set; }
    public required List<string> ClientTargets { get; set; }

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}
