namespace RelayEngine.Configuration;

/// <summary>
/// A relay as the user declared it: listen on one address, forward to one or more targets.
/// Immutable; value equality includes <see cref="Targets"/> element by element, so the engine can
/// diff two snapshots cheaply and rebuild only what changed.
/// </summary>
public sealed record RelayConfig
{
    /// <summary>Stable id (compared case-insensitively). Required.</summary>
    public required string RelayId { get; init; }

    /// <summary>Human-readable name; unique per node. Defaults to the id.</summary>
    public string? Name { get; init; }

    public required RelayProtocol Protocol { get; init; }

    /// <summary>Listen address, <c>IP:PORT</c> or <c>[IPv6]:PORT</c>; port 0 picks a free port. A multicast group joins it (UDP).</summary>
    public required string Listen { get; init; }

    /// <summary>One or more <c>HOST:PORT</c> targets.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    public TargetStrategy Strategy { get; init; } = TargetStrategy.Failover;

    /// <summary>A disabled relay is kept but not bound (state <c>Stopped</c>).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>TCP connect timeout per target attempt; null uses <see cref="Management.RelayEngineOptions.DefaultConnectTimeout"/>.</summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>A connection or UDP session with no traffic either way for this long is closed; null uses the engine default.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    /// <summary>Maximum concurrent connections (TCP) or sessions (UDP); excess ones are refused and counted. Null or 0 is unlimited.</summary>
    public int? MaxConnections { get; init; }

    /// <summary>
    /// The node that runs this relay: null for the node holding the configuration (a master's own engine), otherwise an
    /// agent's id (<see cref="Management.RelayEngineOptions.AgentId"/>). The engine runs what its provider gives it; hosts
    /// use this to decide which relays go to which node.
    /// </summary>
    public string? AgentId { get; init; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? RelayId : Name;

    public bool Equals(RelayConfig? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        return string.Equals(RelayId, other.RelayId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Name, other.Name, StringComparison.Ordinal)
            && Protocol == other.Protocol
            && string.Equals(Listen, other.Listen, StringComparison.OrdinalIgnoreCase)
            && Targets.SequenceEqual(other.Targets, StringComparer.OrdinalIgnoreCase)
            && Strategy == other.Strategy
            && Enabled == other.Enabled
            && ConnectTimeout == other.ConnectTimeout
            && IdleTimeout == other.IdleTimeout
            && MaxConnections == other.MaxConnections
            && string.Equals(AgentId, other.AgentId, StringComparison.Ordinal);
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(RelayId, StringComparer.OrdinalIgnoreCase);
        hash.Add(Protocol);
        hash.Add(Listen, StringComparer.OrdinalIgnoreCase);
        foreach (var target in Targets) hash.Add(target, StringComparer.OrdinalIgnoreCase);
        hash.Add(Strategy);
        hash.Add(Enabled);
        return hash.ToHashCode();
    }
}
