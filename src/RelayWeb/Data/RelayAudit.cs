using System.Text.Json;
using RelayData.Entities;

namespace RelayWeb.Data;

/// <summary>Builds the <see cref="AuditEntry"/> of a relay change; details are <c>{"before":{...},"after":{...}}</c> in camelCase.</summary>
internal static class RelayAudit
{
    public const string Create = "relay.create";
    public const string Update = "relay.update";
    public const string Delete = "relay.delete";
    public const string Start = "relay.start";
    public const string Stop = "relay.stop";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The relay's configurable fields as JSON, captured now (before the entity is changed).</summary>
    public static JsonElement? Capture(Relay? relay) => relay is null ? null : JsonSerializer.SerializeToElement(new
    {
        relay.RelayId,
        relay.Name,
        relay.Protocol,
        relay.Listen,
        relay.Targets,
        relay.Strategy,
        relay.Enabled,
        relay.ConnectTimeoutMs,
        relay.IdleTimeoutMs,
        relay.MaxConnections,
        relay.AgentId,
    }, s_json);

    public static AuditEntry Entry(string action, string actor, string relayId, JsonElement? before, JsonElement? after, DateTime nowUtc) => new()
    {
        TimestampUtc = nowUtc,
        Actor = actor,
        Action = action,
        Target = relayId,
        Details = JsonSerializer.Serialize(new { before, after }, s_json),
    };
}
