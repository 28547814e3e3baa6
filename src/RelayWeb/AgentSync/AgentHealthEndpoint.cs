using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayWeb.Api;

namespace RelayWeb.AgentSync;

/// <summary>
/// The agent's optional health surface (it has no web server): with <c>--health-port</c>, <c>GET /health</c> on
/// <see cref="AgentOptions.HealthHost"/> answers <see cref="AgentHealthDto"/> as JSON — 200 when <c>ok</c> or
/// <c>degraded</c>, 503 when <c>error</c> (token rejected, batch refused, disk full). <c>/health/live</c> is always 200.
/// </summary>
public sealed partial class AgentHealthEndpoint : BackgroundService
{
    private static readonly JsonSerializerOptions s_json = new(RelayJson.Options) { WriteIndented = true };

    private readonly AgentSyncState _state;
    private readonly IRelayStateLookup _relays;
    private readonly ILedgerStatistics _ledger;
    private readonly ServerInfo _server;
    private readonly ILogger<AgentHealthEndpoint> _logger;
    private readonly AgentOptions _options;
    private readonly string _agentId;

    public AgentHealthEndpoint(AgentSyncState state, IRelayStateLookup relays, ILedgerStatistics ledger, ServerInfo server,
        IOptions<AgentOptions> options, IOptions<RelayEngineOptions> engineOptions, ILogger<AgentHealthEndpoint> logger)
    {
        _state = state;
        _relays = relays;
        _ledger = ledger;
        _server = server;
        _logger = logger;
        _options = options.Value;
        _agentId = engineOptions.Value.AgentId;
    }

    public AgentHealthDto GetHealth()
    {
        var s = _state.Current;
        var ledger = _ledger.GetStatistics();
        var status = ledger.LastError is not null && s.Health == "ok" ? "degraded" : s.Health;
        return new AgentHealthDto(status, _agentId, s.Mode.ToString(), s.MasterUrl, s.LastError, s.LastFailure?.ToString(), s.LastSuccessUtc, s.NextAttemptUtc,
            s.ConsecutiveFailures, s.Backlog, s.Cursor, s.RecordsSent, s.DiskFull, s.DiskError, s.AssignmentRevision, s.AssignedRelays,
            _relays.GetRelays().Count(r => r.Status == RelayStatus.Running), ledger.Dropped, ledger.LastError, (long)_server.Uptime.TotalSeconds, _server.Version);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.HealthPort is not { } port) return;
        using var listener = new HttpListener();
        var host = _options.HealthHost.Contains(':') ? $"[{_options.HealthHost}]" : _options.HealthHost;
        listener.Prefixes.Add($"http://{host}:{port}/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException ex)
        {
            Log.BindFailed(_logger, host, port, ex.Message);
            return;
        }
        Log.Listening(_logger, host, port);
        using var registration = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            try
            {
                await RespondAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client went away
            }
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
        if (context.Request.HttpMethod != "GET" || path is not ("/health" or "/health/live"))
        {
            response.StatusCode = 404;
            return;
        }
        var health = GetHealth();
        response.StatusCode = path == "/health/live" || health.Status != "error" ? 200 : 503;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers["Cache-Control"] = "no-store";
        await JsonSerializer.SerializeAsync(response.OutputStream, health, s_json).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(1485, LogLevel.Information, "Agent health on http://{Host}:{Port}/health.", EventName = "AgentHealthListening")]
        public static partial void Listening(ILogger logger, string host, int port);

        [LoggerMessage(1486, LogLevel.Error, "The health endpoint cannot listen on {Host}:{Port}: {Reason}. The agent runs on without it.", EventName = "AgentHealthBindFailed")]
        public static partial void BindFailed(ILogger logger, string host, int port, string reason);
    }
}
