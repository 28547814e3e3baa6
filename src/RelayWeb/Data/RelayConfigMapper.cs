using RelayData.Entities;
using RelayEngine.Configuration;

namespace RelayWeb.Data;

/// <summary>
/// Maps the stored <see cref="Relay"/> to the engine's <see cref="RelayConfig"/> and back. Stored text forms: protocol
/// <c>tcp</c>/<c>udp</c>, strategy <c>failover</c>/<c>round-robin</c>/<c>all</c>; timeouts in whole milliseconds.
/// </summary>
public static class RelayConfigMapper
{
    /// <summary>The engine's view of a stored relay. Throws <see cref="FormatException"/> on an unknown protocol or strategy.</summary>
    public static RelayConfig ToConfig(Relay entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new RelayConfig
        {
            RelayId = entity.RelayId,
            Name = entity.Name,
            Protocol = ParseProtocol(entity.Protocol),
            Listen = entity.Listen,
            Targets = entity.Targets.ToArray(),
            Strategy = ParseStrategy(entity.Strategy),
            Enabled = entity.Enabled,
            ConnectTimeout = FromMilliseconds(entity.ConnectTimeoutMs),
            IdleTimeout = FromMilliseconds(entity.IdleTimeoutMs),
            MaxConnections = entity.MaxConnections,
            AgentId = entity.AgentId,
        };
    }

    /// <summary>A new entity for <paramref name="config"/>; the name falls back to the id.</summary>
    public static Relay ToEntity(RelayConfig config, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(config);
        var entity = new Relay
        {
            RelayId = config.RelayId,
            Name = config.DisplayName,
            Protocol = ToText(config.Protocol),
            Listen = config.Listen,
            Targets = [.. config.Targets],
            Strategy = ToText(config.Strategy),
            CreatedUtc = nowUtc,
        };
        Apply(config, entity, nowUtc);
        return entity;
    }

    /// <summary>Copies every configurable field of <paramref name="config"/> onto <paramref name="entity"/> (not the id or creation time).</summary>
    public static void Apply(RelayConfig config, Relay entity, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(entity);
        entity.Name = config.DisplayName;
        entity.Protocol = ToText(config.Protocol);
        entity.Listen = config.Listen;
        entity.Targets = [.. config.Targets];
        entity.Strategy = ToText(config.Strategy);
        entity.Enabled = config.Enabled;
        entity.ConnectTimeoutMs = ToMilliseconds(config.ConnectTimeout);
        entity.IdleTimeoutMs = ToMilliseconds(config.IdleTimeout);
        entity.MaxConnections = config.MaxConnections;
        entity.AgentId = config.AgentId;
        entity.UpdatedUtc = nowUtc;
    }

    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public static string ToText(RelayProtocol protocol) => protocol switch
    {
        RelayProtocol.Tcp => "tcp",
        RelayProtocol.Udp => "udp",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "Unknown protocol."),
    };

    /// <summary><c>failover</c>, <c>round-robin</c> or <c>all</c>.</summary>
    public static string ToText(TargetStrategy strategy) => strategy switch
    {
        TargetStrategy.Failover => "failover",
        TargetStrategy.RoundRobin => "round-robin",
        TargetStrategy.All => "all",
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown strategy."),
    };

    /// <summary>Parses <c>tcp</c> or <c>udp</c> (any case); throws <see cref="FormatException"/> otherwise.</summary>
    public static RelayProtocol ParseProtocol(string text) => text.ToLowerInvariant() switch
    {
        "tcp" => RelayProtocol.Tcp,
        "udp" => RelayProtocol.Udp,
        _ => throw new FormatException($"'{text}' is not a protocol; expected 'tcp' or 'udp'."),
    };

    /// <summary>Parses <c>failover</c>, <c>round-robin</c> or <c>all</c> (any case); throws <see cref="FormatException"/> otherwise.</summary>
    public static TargetStrategy ParseStrategy(string text) => text.ToLowerInvariant() switch
    {
        "failover" => TargetStrategy.Failover,
        "round-robin" => TargetStrategy.RoundRobin,
        "all" => TargetStrategy.All,
        _ => throw new FormatException($"'{text}' is not a strategy; expected 'failover', 'round-robin' or 'all'."),
    };

    private static TimeSpan? FromMilliseconds(int? milliseconds) =>
        milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    private static int? ToMilliseconds(TimeSpan? value) =>
        value is { } v ? checked((int)Math.Round(v.TotalMilliseconds)) : null;
}
