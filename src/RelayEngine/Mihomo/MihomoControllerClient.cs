using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;

namespace RelayEngine.Mihomo;

/// <summary>
/// The HTTP side of a Mihomo external controller: the <c>/connections</c> WebSocket (<c>?interval=</c> ms, the secret as
/// <c>Authorization: Bearer</c> and <c>?token=</c>) and <c>DELETE /connections/{id}</c>. Holds one pooled HTTP handler.
/// </summary>
internal sealed class MihomoControllerClient : IDisposable
{
    private readonly MihomoOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpMessageInvoker _http;

    public MihomoControllerClient(MihomoOptions options, TimeProvider time)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _http = new HttpMessageInvoker(new SocketsHttpHandler
        {
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = false, // the controller is a local or LAN service; an HTTP(S)_PROXY must not capture it
        });
    }

    /// <summary><c>HOST:PORT</c> of the controller, for logs (never with the secret).</summary>
    public string Endpoint => new UriBuilder("http", _options.Host, _options.Port).Uri.Authority;

    /// <summary>The WebSocket URI. It carries the secret in <c>?token=</c>: never log it.</summary>
    public Uri ConnectionsWebSocketUri()
    {
        var query = $"interval={(long)_options.Interval.TotalMilliseconds}";
        if (!string.IsNullOrEmpty(_options.Token)) query += "&token=" + Uri.EscapeDataString(_options.Token);
        return new UriBuilder("ws", _options.Host, _options.Port, "/connections") { Query = query }.Uri;
    }

    /// <summary>
    /// Opens the <c>/connections</c> WebSocket. Throws <see cref="MihomoHandshakeException"/> when the controller cannot
    /// be reached or answers with an HTTP status instead of the upgrade, <see cref="TimeoutException"/> after
    /// <see cref="MihomoOptions.RequestTimeout"/>.
    /// </summary>
    public async Task<ClientWebSocket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        socket.Options.Proxy = null;
        if (!string.IsNullOrEmpty(_options.Token)) socket.Options.SetRequestHeader("Authorization", "Bearer " + _options.Token);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await socket.ConnectAsync(ConnectionsWebSocketUri(), _http, linked.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No WebSocket handshake within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new MihomoHandshakeException(status, ex);
        }
    }

    /// <summary>
    /// Reads the next message (a full snapshot) into <paramref name="buffer"/>. Null when the controller closed the
    /// WebSocket. Throws <see cref="InvalidDataException"/> past <see cref="MihomoOptions.MaxSnapshotBytes"/>.
    /// </summary>
    public async Task<MihomoSnapshot?> ReceiveSnapshotAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            buffer.Advance(result.Count);
            if (buffer.WrittenCount > _options.MaxSnapshotBytes)
            {
                throw new InvalidDataException($"A snapshot exceeded {_options.MaxSnapshotBytes} bytes (MaxSnapshotBytes).");
            }
        }
        while (!result.EndOfMessage);
        return JsonSerializer.Deserialize(buffer.WrittenSpan, MihomoJsonContext.Default.MihomoSnapshot)
            ?? throw new JsonException("The snapshot was JSON null.");
    }

    /// <summary>Asks Mihomo to close one connection: <c>DELETE /connections/{id}</c> with the bearer secret.</summary>
    public async Task<HttpStatusCode> CloseConnectionAsync(string mihomoId, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder("http", _options.Host, _options.Port, "/connections/" + Uri.EscapeDataString(mihomoId)).Uri;
        using var request = new HttpRequestMessage(HttpMethod.Delete, uri);
        if (!string.IsNullOrEmpty(_options.Token)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
        return response.StatusCode;
    }

    public void Dispose() => _http.Dispose();
}
