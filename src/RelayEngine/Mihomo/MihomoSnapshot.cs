using System.Text.Json.Serialization;

namespace RelayEngine.Mihomo;

/// <summary>
/// One <c>GET /connections</c> body, as Mihomo's <c>hub/route/connections.go</c> writes it (and pushes on the WebSocket
/// every interval): every live connection with cumulative counters. Unknown fields are ignored, missing ones are null.
/// </summary>
internal sealed class MihomoSnapshot
{
    [JsonPropertyName("downloadTotal")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long DownloadTotal { get; set; }

    [JsonPropertyName("uploadTotal")]
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
    public long UploadTotal { get; set; }

    /// <summary>Null or absent when Mihomo has none (it sends <c>[]</c>).</summary>
    [JsonPropertyName("connections")]
    public List<MihomoConnection>? Connections { get; set; }
}
