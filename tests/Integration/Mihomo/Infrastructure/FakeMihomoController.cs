using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RelayWeb.IntegrationTests.Mihomo.Infrastructure;

/// <summary>
/// A faithful fake of Mihomo's external controller on a real Kestrel server (127.0.0.1, port 0 unless given), built from
/// its documented format (anchors-monitoring.md §2.1, <c>hub/route/connections.go</c> and <c>server.go</c>):
/// <list type="bullet">
/// <item><c>GET /connections</c>: <c>{downloadTotal, uploadTotal, connections[], memory}</c> with ports as strings and
/// <c>start</c> in Go's RFC 3339 (nanoseconds, offset);</item>
/// <item>the same with <c>Upgrade: websocket</c>: the FULL snapshot at once, then every <c>?interval=</c> ms (default
/// 1000), as text frames from Go's <c>json.Encoder</c> (trailing newline);</item>
/// <item><c>DELETE /connections/{id}</c> and <c>DELETE /connections</c>: close, 204 whether or not the id exists;</item>
/// <item>auth when a secret is set: for WebSocket upgrades a non-empty <c>?token=</c> is checked first; otherwise
/// <c>Authorization: Bearer SECRET</c>; 401 <c>{"message":"Unauthorized"}</c> on mismatch.</item>
/// </list>
/// The test owns the connections and their cumulative counters, can change the secret, stop and restart on the same port.
/// </summary>
internal sealed class FakeMihomoController : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeMihomoConnection> _connections = new(StringComparer.Ordinal);
    private readonly List<string> _deleted = [];
    private readonly List<string> _authorizations = [];
    private WebApplication? _app;
    private CancellationTokenSource _stopping = new();
    private int _handshakes;
    private int _unauthorized;
    private volatile string? _secret;
    private volatile string? _nextFrame;

    private FakeMihomoController(string? secret) => _secret = secret;

    public int Port { get; private set; }
    public string? Secret { get => _secret; set => _secret = value; }

    /// <summary>WebSocket sessions accepted (after auth).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>Requests refused with 401.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Ids received in <c>DELETE /connections/{id}</c>, in order.</summary>
    public IReadOnlyList<string> DeletedIds { get { lock (_gate) return _deleted.ToArray(); } }

    /// <summary>How each authorized request proved the secret: <c>"header"</c> or <c>"token"</c>.</summary>
    public IReadOnlyList<string> Authorizations { get { lock (_gate) return _authorizations.ToArray(); } }

    public static async Task<FakeMihomoController> StartAsync(string? secret = null)
    {
        var fake = new FakeMihomoController(secret);
        await fake.StartServerAsync(0);
        return fake;
    }

    public void Upsert(FakeMihomoConnection connection)
    {
        lock (_gate) _connections[connection.Id] = connection;
    }

    /// <summary>Adds bytes to a connection's cumulative counters.</summary>
    public void AddTraffic(string id, long upload, long download)
    {
        lock (_gate)
        {
            var c = _connections[id];
            _connections[id] = c with { Upload = c.Upload + upload, Download = c.Download + download };
        }
    }

    public void SetCounters(string id, long upload, long download)
    {
        lock (_gate) _connections[id] = _connections[id] with { Upload = upload, Download = download };
    }

    public void Remove(string id)
    {
        lock (_gate) _connections.Remove(id);
    }

    /// <summary>The next WebSocket frame sends <paramref name="text"/> instead of a snapshot (malformed frames).</summary>
    public void SendNextFrame(string text) => _nextFrame = text;

    /// <summary>Stops the server: open WebSockets are aborted, as when Mihomo dies.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        _app = null;
        if (app is null) return;
        await _stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Starts again on the same port.</summary>
    public Task RestartAsync() => StartServerAsync(Port);

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartServerAsync(int port)
    {
        _stopping = new CancellationTokenSource();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (Authorize(context)) await next(context);
            else
            {
                Interlocked.Increment(ref _unauthorized);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { message = "Unauthorized" });
            }
        });
        app.MapGet("/connections", HandleConnectionsAsync);
        app.MapDelete("/connections/{id}", (string id) =>
        {
            lock (_gate)
            {
                _deleted.Add(id);
                _connections.Remove(id);
            }
            return Results.NoContent();
        });
        app.MapDelete("/connections", () =>
        {
            lock (_gate) _connections.Clear();
            return Results.NoContent();
        });
        await app.StartAsync();
        Port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    private bool Authorize(HttpContext context)
    {
        var secret = _secret;
        if (string.IsNullOrEmpty(secret)) return true;
        string how;
        var token = context.Request.Query["token"].ToString();
        if (context.WebSockets.IsWebSocketRequest && token.Length > 0)
        {
            if (token != secret) return false;
            how = "token";
        }
        else
        {
            var header = context.Request.Headers.Authorization.ToString();
            var space = header.IndexOf(' ');
            if (space < 0 || header[..space] != "Bearer" || header[(space + 1)..] != secret) return false;
            how = "header";
        }
        lock (_gate) _authorizations.Add(how);
        return true;
    }

    private async Task HandleConnectionsAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Snapshot());
            return;
        }
        var interval = 1000;
        var intervalText = context.Request.Query["interval"].ToString();
        if (intervalText.Length > 0 && !int.TryParse(intervalText, out interval))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _handshakes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(1, interval)));
            do
            {
                var frame = Interlocked.Exchange(ref _nextFrame, null) is { } text ? Encoding.UTF8.GetBytes(text) : Snapshot();
                await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
            }
            while (await timer.WaitForNextTickAsync(stop.Token));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
        }
        if (_stopping.IsCancellationRequested) context.Abort(); // Mihomo died: no close handshake
    }

    /// <summary>The snapshot as Go's json.Encoder writes Mihomo's: field names and order of TrackerInfo, newline at the end.</summary>
    private byte[] Snapshot()
    {
        FakeMihomoConnection[] connections;
        lock (_gate) connections = _connections.Values.ToArray();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("downloadTotal", connections.Sum(c => c.Download));
            w.WriteNumber("uploadTotal", connections.Sum(c => c.Upload));
            w.WriteStartArray("connections");
            foreach (var c in connections) WriteConnection(w, c);
            w.WriteEndArray();
            w.WriteNumber("memory", 41_943_040);
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    private static void WriteConnection(Utf8JsonWriter w, FakeMihomoConnection c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteStartObject("metadata");
        w.WriteString("network", c.Network);
        w.WriteString("type", c.Type);
        w.WriteString("sourceIP", c.SourceIp);
        w.WriteString("destinationIP", c.DestinationIp);
        w.WriteNull("sourceGeoIP");
        w.WriteNull("destinationGeoIP");
        w.WriteString("sourceIPASN", "");
        w.WriteString("destinationIPASN", "");
        w.WriteString("sourcePort", c.SourcePort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("destinationPort", c.DestinationPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("inboundIP", c.InboundIp);
        w.WriteString("inboundPort", c.InboundPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        w.WriteString("inboundName", c.InboundName);
        w.WriteString("inboundUser", c.InboundUser);
        w.WriteString("host", c.Host);
        w.WriteString("dnsMode", "normal");
        w.WriteNumber("uid", 0);
        w.WriteString("process", c.Process);
        w.WriteString("processPath", c.ProcessPath);
        w.WriteString("specialProxy", "");
        w.WriteString("specialRules", "");
        w.WriteString("remoteDestination", c.DestinationIp);
        w.WriteNumber("dscp", 0);
        w.WriteString("sniffHost", c.SniffHost);
        w.WriteEndObject();
        w.WriteNumber("upload", c.Upload);
        w.WriteNumber("download", c.Download);
        // Go's RFC3339Nano: up to nine fractional digits (here always nine: 42 ns below .NET's 100 ns ticks), numeric offset.
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        w.WriteString("start", c.Start.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", invariant) + "42"
            + (c.Start.Offset == TimeSpan.Zero ? "Z" : c.Start.ToString("zzz", invariant)));
        w.WriteStartArray("chains");
        foreach (var chain in c.Chains) w.WriteStringValue(chain);
        w.WriteEndArray();
        w.WriteString("rule", c.Rule);
        w.WriteString("rulePayload", c.RulePayload);
        w.WriteEndObject();
    }
}
