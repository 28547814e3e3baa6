using System.Text.Json.Serialization;

namespace RelayEngine.Mihomo;

/// <summary>One element of <c>connections[]</c> (Mihomo's <c>TrackerInfo</c>): cumulative counters since <see cref="Start"/>.</summary>
internal sealed class MihomoConnection
{
    /// <summary>A UUID string.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("metadata")]
    public MihomoConnectionMetadata? Metadata { get; set; }

    /// <summary>Bytes client → remote since the connection opened.</summary>
    [JsonPropertyName("upload")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long Upload { get; set; }

    /// <summary>Bytes remote → client since the connection opened.</summary>
    [JsonPropertyName("download")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long Download { get; set; }

    /// <summary>RFC 3339 (Go's <c>time.Time</c>, up to nanoseconds, with an offset).</summary>
    [JsonPropertyName("start")]
    public string? Start { get; set; }

    [JsonPropertyName("chains")]
    public List<string>? Chains { get; set; }

    [JsonPropertyName("rule")]
    public string? Rule { get; set; }

    [JsonPropertyName("rulePayload")]
    public string? RulePayload { get; set; }
}
