using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>Small helpers over <see cref="HttpClient"/> using the API's JSON conventions; every call is bounded by <see cref="TestTimeouts.Default"/>.</summary>
public static class ApiClientExtensions
{
    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response)
    {
        var value = await response.Content.ReadFromJsonAsync<T>(RelayJson.Options).WaitAsync(TestTimeouts.Default);
        return value ?? throw new InvalidOperationException("The response body was null.");
    }

    public static async Task<JsonElement> ReadJsonElementAsync(this HttpResponseMessage response) =>
        await response.ReadJsonAsync<JsonElement>();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, RelayJson.Options).WaitAsync(TestTimeouts.Default);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, RelayJson.Options).WaitAsync(TestTimeouts.Default);

    public static Task<HttpResponseMessage> GetWithTimeoutAsync(this HttpClient client, string url) =>
        client.GetAsync(url).WaitAsync(TestTimeouts.Default);

    public static Task<HttpResponseMessage> PostEmptyAsync(this HttpClient client, string url) =>
        client.PostAsync(url, content: null).WaitAsync(TestTimeouts.Default);

    public static Task<HttpResponseMessage> DeleteWithTimeoutAsync(this HttpClient client, string url) =>
        client.DeleteAsync(url).WaitAsync(TestTimeouts.Default);

    /// <summary>Creates a TCP relay listening on a free loopback port; asserts 201 and returns the relay.</summary>
    public static async Task<RelayDto> CreateTcpRelayAsync(this HttpClient client, string name, params string[] targets)
    {
        var response = await client.PostJsonAsync("/api/v1/relays", new { name, protocol = "tcp", listen = "127.0.0.1:0", targets, strategy = "failover" });
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TestTimeouts.Default);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<RelayDto>(body, RelayJson.Options)!;
    }

    /// <summary>A unique relay name per test run, so tests sharing one app never collide.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
