using System.Text.Json;
using System.Text.Json.Serialization;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Model;

namespace RelayWeb.Api;

/// <summary>
/// The API's JSON conventions, shared by REST, Server-Sent Events and the SignalR hub: camelCase properties and enums as
/// strings — <c>protocol</c> <c>tcp|udp</c>, <c>strategy</c> <c>failover|round-robin|all</c>, <c>closeReason</c> snake_case,
/// relay <c>state</c> <c>Running|Stopped|Faulted|Starting|Stopping</c>.
/// </summary>
public static class RelayJson
{
    /// <summary>Standalone options (for SSE payloads and tests) with the same settings as the HTTP pipeline.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict; // a number in quotes is a type error naming the field, not a silent conversion
        options.Converters.Insert(0, new JsonStringEnumConverter<RelayProtocol>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Insert(1, new JsonStringEnumConverter<TargetStrategy>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Insert(2, new JsonStringEnumConverter<CloseReason>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Insert(3, new JsonStringEnumConverter<RelayStatus>(namingPolicy: null, allowIntegerValues: false));
        return options;
    }
}
