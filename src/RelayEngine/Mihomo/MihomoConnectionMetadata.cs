using System.Text.Json.Serialization;

namespace RelayEngine.Mihomo;

/// <summary>
/// A connection's <c>metadata</c> (Mihomo's <c>constant/metadata.go</c>). Ports are JSON strings (<c>"443"</c>) for
/// backward compatibility; <see cref="MihomoPortConverter"/> also takes numbers and treats anything else as unknown.
/// </summary>
internal sealed class MihomoConnectionMetadata
{
    [JsonPropertyName("network")] public string? Network { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("sourceIP")] public string? SourceIp { get; set; }
    [JsonPropertyName("destinationIP")] public string? DestinationIp { get; set; }

    [JsonPropertyName("sourcePort")]
    [JsonConverter(typeof(MihomoPortConverter))]
    public int? SourcePort { get; set; }

    [JsonPropertyName("destinationPort")]
    [JsonConverter(typeof(MihomoPortConverter))]
    public int? DestinationPort { get; set; }

    [JsonPropertyName("inboundIP")] public string? InboundIp { get; set; }

    [JsonPropertyName("inboundPort")]
    [JsonConverter(typeof(MihomoPortConverter))]
    public int? InboundPort { get; set; }

    [JsonPropertyName("inboundName")] public string? InboundName { get; set; }
    [JsonPropertyName("inboundUser")] public string? InboundUser { get; set; }
    [JsonPropertyName("host")] public string? Host { get; set; }
    [JsonPropertyName("sniffHost")] public string? SniffHost { get; set; }
    [JsonPropertyName("process")] public string? Process { get; set; }
    [JsonPropertyName("processPath")] public string? ProcessPath { get; set; }
}
