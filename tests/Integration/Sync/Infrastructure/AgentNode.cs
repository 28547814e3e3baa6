using System.Globalization;
using System.Text.Json;

namespace RelayWeb.IntegrationTests.Sync.Infrastructure;

/// <summary>
/// <c>relay agent</c> as a child process with its local database in its own directory (kept across <see cref="Kill"/> and
/// <see cref="StartAsync"/>, as a restarted machine keeps its disk), syncing every second, with the health endpoint on.
/// </summary>
public sealed class AgentNode : IAsyncDisposable
{
    private readonly HttpClient _health;
    private RelayProcess? _process;

    public AgentNode(string directory, string agentId, string masterUrl)
    {
        AgentId = agentId;
        DatabasePath = Path.Combine(directory, agentId, "agent.db");
        MasterUrl = masterUrl;
        HealthPort = RelayBinary.FreeTcpPort();
        _health = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HealthPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string AgentId { get; }
    public string DatabasePath { get; }
    public string MasterUrl { get; }
    public int HealthPort { get; }
    private string _previousOutput = "";

    /// <summary>What every run of this node printed, earlier runs first.</summary>
    public string Output => _previousOutput + (_process?.Output ?? "");
    public RelayProcess? Process => _process;

    /// <summary>
    /// Starts the agent with <paramref name="token"/>. <paramref name="environment"/> sets further knobs, e.g.
    /// <c>Relay__Agent__BatchSize</c> and <c>Relay__Agent__CatchUpRecordsPerSecond</c> to slow catch-up down.
    /// </summary>
    public async Task StartAsync(string token, IReadOnlyDictionary<string, string>? environment = null, IEnumerable<string>? extraArgs = null)
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _previousOutput += _process.Output + "--- restarted ---\n";
        }
        _process = await RelayProcess.StartAsync($"agent {AgentId}", [
            "agent", "--agent-id", AgentId, "--local-database", DatabasePath, "--master-url", MasterUrl, "--master-token", token,
            "--sync-interval", "1", "--region", "test-region", "--health-port", HealthPort.ToString(CultureInfo.InvariantCulture), .. extraArgs ?? []], environment);
    }

    /// <summary>SIGKILL.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>The agent's <c>GET /health</c> (whatever its status code); <c>{"mode":"unreachable"}</c> while it does not answer.</summary>
    public async Task<JsonElement> HealthAsync()
    {
        try
        {
            using var response = await _health.GetAsync("/health");
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }
        catch (HttpRequestException ex)
        {
            return JsonSerializer.SerializeToElement(new { mode = "unreachable", status = "unreachable", error = ex.Message, backlog = -1, runningRelays = -1 });
        }
    }

    /// <summary>Waits until the agent has nothing left to send and the master acknowledged its last record.</summary>
    public Task WaitLevelAsync(TimeSpan timeout) =>
        Eventually.UntilAsync(async () =>
        {
            var health = await HealthAsync();
            return health.GetProperty("mode").GetString() == "Level" && health.GetProperty("backlog").GetInt64() == 0;
        }, $"agent {AgentId} to be level with its master", timeout);

    public async ValueTask DisposeAsync()
    {
        _health.Dispose();
        if (_process is not null) await _process.DisposeAsync();
    }
}
