using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RelayWeb.IntegrationTests.Sync.Infrastructure;

/// <summary>
/// <c>relay serve</c> as a child process on 127.0.0.1 and a fixed free port with its own data directory, which survives
/// <see cref="Kill"/> so <see cref="StartAsync"/> can start it again on the same database and port (a master restart).
/// </summary>
public sealed class MasterNode : IAsyncDisposable
{
    public const string ApiToken = "sync-test-master-token-0123456789";

    private RelayProcess? _process;

    public MasterNode(string directory)
    {
        DataDirectory = Path.Combine(directory, "master");
        Port = RelayBinary.FreeTcpPort();
        Url = $"http://127.0.0.1:{Port}";
        Api = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
    }

    public string DataDirectory { get; }
    public int Port { get; }
    public string Url { get; }
    public HttpClient Api { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "relay.db");
    private string _previousOutput = "";

    /// <summary>What every run of this node printed, earlier runs first.</summary>
    public string Output => _previousOutput + (_process?.Output ?? "");

    public async Task StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _previousOutput += _process.Output + "--- restarted ---\n";
        }
        _process = await RelayProcess.StartAsync("master", [
            "serve", "--data-dir", DataDirectory, "--listen-host", "127.0.0.1", "--listen-port", Port.ToString(CultureInfo.InvariantCulture),
            "--api-token", ApiToken, "--admin-password", "sync-test-admin-password"], environment);
    }

    /// <summary>SIGKILL.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>SIGTERM: a graceful stop; the process's exit code.</summary>
    public Task<int> TerminateAsync() => _process?.TerminateAsync() ?? throw new InvalidOperationException("Not started.");

    /// <summary>Creates a TCP relay placed on <paramref name="agentId"/> (null: the master) and returns its id.</summary>
    public async Task<string> CreateRelayAsync(string name, string listen, string target, string? agentId)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/relays", new { name, protocol = "tcp", listen, targets = new[] { target }, agentId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Creating relay {name} failed: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Creates an <c>agent</c>-scoped token bound to <paramref name="agentId"/>; returns (id, secret).</summary>
    public async Task<(string Id, string Secret)> CreateAgentTokenAsync(string name, string? agentId)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/tokens", new { name, scope = "agent", agentId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Creating token {name} failed: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("token").GetProperty("id").GetString()!, json.RootElement.GetProperty("secret").GetString()!);
    }

    /// <summary>The agent as <c>GET /api/v1/agents/{id}</c> shows it, or null (404).</summary>
    public async Task<JsonElement?> GetAgentAsync(string agentId)
    {
        using var response = await Api.GetAsync($"/api/v1/agents/{agentId}");
        if (!response.IsSuccessStatusCode) return null;
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (_process is not null) await _process.DisposeAsync();
    }
}
