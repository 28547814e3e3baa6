using System.Text.Json;
using RelayData.Entities;

namespace RelayWeb.Data;

/// <summary>Builds the <see cref="AuditEntry"/> of a tunnel change; details are <c>{"before":{...},"after":{...}}</c>, never the key.</summary>
internal static class TunnelAudit
{
    public const string Create = "tunnel.create";
    public const string Update = "tunnel.update";
    public const string Delete = "tunnel.delete";
    public const string Start = "tunnel.start";
    public const string Stop = "tunnel.stop";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static JsonElement? Capture(Tunnel? tunnel) => tunnel is null ? null : JsonSerializer.SerializeToElement(new
    {
        tunnel.TunnelId,
        tunnel.Name,
        tunnel.Flow,
        tunnel.Tls,
        tunnel.CertificatePath,
        tunnel.PrivateKeyPath,
        tunnel.MinPool,
        tunnel.MaxPool,
        tunnel.Strategy,
        tunnel.Enabled,
        tunnel.IdleTimeoutMs,
        tunnel.RateLimitMbps,
        tunnel.ProxyProtocol,
        tunnel.MaxConnections,
        tunnel.ConnectTimeoutMs,
        tunnel.ServerAddress,
        tunnel.ServerAgentId,
        tunnel.ServerTargets,
        tunnel.ClientAddress,
        tunnel.ClientAgentId,
        tunnel.ClientTargets,
    }, s_json);

    public static AuditEntry Entry(string action, string actor, string tunnelId, JsonElement? before, JsonElement? after, DateTime nowUtc) => new()
    {
        TimestampUtc = nowUtc,
        Actor = actor,
        Action = action,
        Target = tunnelId,
        Details = JsonSerializer.Serialize(new { before, after }, s_json),
    };
}
