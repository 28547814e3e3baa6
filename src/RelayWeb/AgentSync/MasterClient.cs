using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;

namespace RelayWeb.AgentSync;

/// <summary>
/// The agent's HTTP client for <c>POST {master}/api/v1/sync</c> with <c>Authorization: Bearer</c>. Every failure becomes a
/// <see cref="SyncFailedException"/> whose <see cref="SyncFailureKind"/> says what to tell the operator; the problem
/// details the master sends are kept in the message.
/// </summary>
public sealed class MasterClient : IMasterSyncClient, IDisposable
{
    public const string SyncPath = "api/v1/sync";

    private readonly HttpClient _http;

    public MasterClient(IOptions<AgentOptions> options)
    {
        var agent = options.Value;
        MasterUrl = agent.MasterUrl is { Length: > 0 } url ? new Uri(url.EndsWith('/') ? url : url + "/") : null;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            BaseAddress = MasterUrl,
            Timeout = agent.RequestTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("relay-agent", typeof(MasterClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (agent.MasterToken is { Length: > 0 } token) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The master's base URL; null when the agent runs offline.</summary>
    public Uri? MasterUrl { get; }

    public async Task<SyncResponse> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (MasterUrl is null) throw new InvalidOperationException("No master URL is configured.");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(SyncPath, request, RelayJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new SyncFailedException(SyncFailureKind.Unreachable, Describe(ex), innerException: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SyncFailedException(SyncFailureKind.Unreachable, $"The master did not answer within {_http.Timeout.TotalSeconds:0} s.", innerException: ex);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return await response.Content.ReadFromJsonAsync<SyncResponse>(RelayJson.Options, cancellationToken).ConfigureAwait(false)
                        ?? throw new SyncFailedException(SyncFailureKind.ServerError, "The master answered 200 with an empty body.", status);
                }
                catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
                {
                    // The batch may be stored; it is sent again, which the master's upsert makes harmless.
                    throw new SyncFailedException(SyncFailureKind.Unreachable, "The master's answer was cut off or unreadable: " + ex.Message, status, ex);
                }
            }
            var detail = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            var kind = status switch
            {
                401 or 403 => SyncFailureKind.Rejected,
                413 => SyncFailureKind.TooLarge,
                >= 500 => SyncFailureKind.ServerError,
                _ => SyncFailureKind.Refused,
            };
            throw new SyncFailedException(kind, $"{status} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}", status);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Describe(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "Connection refused (is the master running, and is the URL right?).",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => "The master's host name does not resolve.",
        SocketException socket => $"Network error: {socket.Message}",
        _ => ex.Message,
    };

    /// <summary>The problem's title and detail, or the start of the body, or null.</summary>
    private static async Task<string?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
                var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
                var errors = root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                    ? string.Join("; ", e.EnumerateObject().Take(3).Select(p => $"{p.Name}: {string.Join(" ", p.Value.EnumerateArray().Select(v => v.GetString()))}"))
                    : null;
                return string.Join(" ", new[] { title, detail, errors }.Where(s => !string.IsNullOrEmpty(s)));
            }
            catch (JsonException)
            {
                return body.Length > 200 ? body[..200] : body;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return null;
        }
    }
}
