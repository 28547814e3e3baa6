using System.Text.Json.Serialization;

namespace RelayWeb.NodePass;

/// <summary>
/// NodePass's instance object (reference/nodepass.md §3.3), field for field: <c>status</c> is <c>running</c>, <c>stopped</c>
/// or <c>error</c>; byte counters are cumulative (they include earlier runs).
/// </summary>
public sealed record NodePassInstanceDto
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("alias")] public string Alias { get; init; } = "";
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("url")] public required string Url { get; init; }
    /// <summary>Auto-start when the master starts (<see cref="NodePassInstanceSettings.AutoStart"/>; true when never set).</summary>
    [JsonPropertyName("restart")] public bool Restart { get; init; } = true;
    [JsonPropertyName("mode")] public int Mode { get; init; }
    [JsonPropertyName("ping")] public int Ping { get; init; }
    [JsonPropertyName("pool")] public int Pool { get; init; }
    [JsonPropertyName("tcps")] public int Tcps { get; init; }
    [JsonPropertyName("udps")] public int Udps { get; init; }
    [JsonPropertyName("tcprx")] public long Tcprx { get; init; }
    [JsonPropertyName("tcptx")] public long Tcptx { get; init; }
    [JsonPropertyName("udprx")] public long Udprx { get; init; }
    [JsonPropertyName("udptx")] public long Udptx { get; init; }
}

/// <summary>Body of <c>POST /instances</c> (<c>url</c>, optional <c>alias</c> and <c>restart</c>) and <c>PUT /instances/{id}</c> (<c>url</c>).</summary>
public sealed record NodePassUrlRequest
{
    [JsonPropertyName("url")] public string? Url { get; init; }
    [JsonPropertyName("alias")] public string? Alias { get; init; }

    /// <summary>Auto-start when the master starts; NodePass's default is true.</summary>
    [JsonPropertyName("restart")] public bool? Restart { get; init; }
}

/// <summary>Body of <c>PATCH /instances/{id}</c>: any combination of <c>action</c> (start, stop, restart, reset), <c>alias</c>, <c>restart</c>.</summary>
public sealed record NodePassPatchRequest
{
    [JsonPropertyName("action")] public string? Action { get; init; }
    [JsonPropertyName("alias")] public string? Alias { get; init; }
    [JsonPropertyName("restart")] public bool? Restart { get; init; }
}

/// <summary>NodePass's SSE payload: <c>{"type":"initial|create|update|delete|shutdown|log","time":...,"instance":{...},"logs":...}</c>.</summary>
public sealed record NodePassEventDto
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("time")] public required DateTimeOffset Time { get; init; }
    [JsonPropertyName("instance")] public NodePassInstanceDto? Instance { get; init; }
    [JsonPropertyName("logs")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Logs { get; init; }
}

/// <summary><c>GET /tcping</c>'s answer.</summary>
public sealed record NodePassTcpingDto
{
    [JsonPropertyName("target")] public required string Target { get; init; }
    [JsonPropertyName("connected")] public bool Connected { get; init; }
    [JsonPropertyName("latency")] public long Latency { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
