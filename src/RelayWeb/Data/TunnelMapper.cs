using RelayData.Entities;
using RelayEngine.Configuration;
using RelayWeb.Services;

namespace RelayWeb.Data;

/// <summary>
/// Maps the stored <see cref="Tunnel"/> to <see cref="TunnelDefinition"/> and back. Stored text forms: flow
/// <c>auto</c>/<c>reverse</c>/<c>forward</c>, strategy <c>failover</c>/<c>round-robin</c>.
/// </summary>
public static class TunnelMapper
{
    /// <summary>The stored tunnel with its key. Throws <see cref="FormatException"/> on an unknown flow or strategy.</summary>
    public static TunnelDefinition ToDefinition(Tunnel entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new TunnelDefinition
        {
            TunnelId = entity.TunnelId,
            Name = entity.Name,
            Key = entity.Secret,
            Flow = ParseFlow(entity.Flow),
            Tls = entity.Tls is >= 0 and <= 2 ? (TunnelTlsMode)entity.Tls : throw new FormatException($"Unknown TLS mode {entity.Tls}."),
            CertificatePath = entity.CertificatePath,
            PrivateKeyPath = entity.PrivateKeyPath,
            MinPool = entity.MinPool,
            MaxPool = entity.MaxPool,
            Strategy = RelayConfigMapper.ParseStrategy(entity.Strategy),
            Enabled = entity.Enabled,
            IdleTimeout = entity.IdleTimeoutMs is { } idle ? TimeSpan.FromMilliseconds(idle) : null,
            RateLimitMbps = entity.RateLimitMbps,
            ProxyProtocol = entity.ProxyProtocol,
            MaxConnections = entity.MaxConnections,
            ConnectTimeout = entity.ConnectTimeoutMs is { } connect ? TimeSpan.FromMilliseconds(connect) : null,
            Server = entity.ServerAddress is null ? null : new TunnelEndDefinition(entity.ServerAgentId, entity.ServerAddress, entity.ServerTargets.ToArray()),
            Client = entity.ClientAddress is null ? null : new TunnelEndDefinition(entity.ClientAgentId, entity.ClientAddress, entity.ClientTargets.ToArray()),
        };
    }

    public static Tunnel ToEntity(TunnelDefinition tunnel, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(tunnel);
        var entity = new Tunnel
        {
            TunnelId = tunnel.TunnelId,
            Name = tunnel.DisplayName,
            Secret = tunnel.Key,
            Flow = "auto",
            Strategy = "failover",
            ServerTargets = [],
            ClientTargets = [],
            CreatedUtc = nowUtc,
        };
        Apply(tunnel, entity, nowUtc);
        return entity;
    }

    /// <summary>Copies every configurable field (not the id, the creation time, or the key) onto <paramref name="entity"/>.</summary>
    public static void Apply(TunnelDefinition tunnel, Tunnel entity, DateTime nowUtc)
    {
        entity.Name = tunnel.DisplayName;
        entity.Flow = ToText(tunnel.Flow);
        entity.Tls = (int)tunnel.Tls;
        entity.CertificatePath = tunnel.CertificatePath;
        entity.PrivateKeyPath = tunnel.PrivateKeyPath;
        entity.MinPool = tunnel.MinPool;
        entity.MaxPool = tunnel.MaxPool;
        entity.Strategy = RelayConfigMapper.ToText(tunnel.Strategy);
        entity.Enabled = tunnel.Enabled;
        entity.IdleTimeoutMs = ToMilliseconds(tunnel.IdleTimeout);
        entity.RateLimitMbps = tunnel.RateLimitMbps;
        entity.ProxyProtocol = tunnel.ProxyProtocol;
        entity.MaxConnections = tunnel.MaxConnections;
        entity.ConnectTimeoutMs = ToMilliseconds(tunnel.ConnectTimeout);
        entity.ServerAddress = tunnel.Server?.Address;
        entity.ServerAgentId = tunnel.Server?.AgentId;
        entity.ServerTargets = [.. tunnel.Server?.Targets ?? []];
        entity.ClientAddress = tunnel.Client?.Address;
        entity.ClientAgentId = tunnel.Client?.AgentId;
        entity.ClientTargets = [.. tunnel.Client?.Targets ?? []];
        entity.UpdatedUtc = nowUtc;
    }

    private static int? ToMilliseconds(TimeSpan? value) => value is { } v ? (int)Math.Min(int.MaxValue, Math.Round(v.TotalMilliseconds)) : null;

    public static string ToText(TunnelFlow flow) => flow switch
    {
        TunnelFlow.Reverse => "reverse",
        TunnelFlow.Forward => "forward",
        _ => "auto",
    };

    public static TunnelFlow ParseFlow(string text) => text switch
    {
        "auto" => TunnelFlow.Auto,
        "reverse" => TunnelFlow.Reverse,
        "forward" => TunnelFlow.Forward,
        _ => throw new FormatException($"Unknown tunnel flow '{text}'."),
    };
}
