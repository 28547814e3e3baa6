using System.Text.Json;
using Microsoft.Extensions.Options;
using RelayEngine.Ledger;
using RelayEngine.Management;
using RelayEngine.Model;
using RelayWeb.Api;
using RelayWeb.Metrics;

namespace RelayWeb.AgentSync;

/// <summary>
/// The agent's optional health surface (it has no web server): with <c>--health-port</c>, <c>GET /health</c> on
/// <see cref="AgentOptions.HealthHost"/> answers <see cref="AgentHealthDto"/> as JSON — 200 when <c>ok</c> or
/// <c>degraded</c>, 503 when <c>error</c> (token rejected, batch refused, disk full). <c>/health/live</c> is always 200.
/// </summary>
public sealed partial class AgentHealthEndpoint : IHostedService
{
    private static readonly JsonSerializerOptions s_json = new(RelayJson.Options) { WriteIndented = true };

    private readonly AgentSyncState _state;
    private readonly IRelayStateLookup _relays;
    private readonly ILedgerStatistics _ledger;
    private readonly ServerInfo _server;
    private readonly ILogger<AgentHealthEndpoint> _logger;
    private readonly AgentOptions _options;
    private readonly string _agentId;
    private readonly IReadOnlyList<IMetricsSource> _metrics;
    private WebApplication? _app;

    public AgentHealthEndpoint(AgentSyncState state, IRelayStateLookup relays, ILedgerStatistics ledger, ServerInfo server,
        IOptions<AgentOptions> options, IOptions<RelayEngineOptions> engineOptions, ILogger<AgentHealthEndpoint> logger,
        IEnumerable<IMetricsSource>? metrics = null)
    {
        _metrics = [.. metrics ?? []];
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

    /// <summary>
    /// Binds before the host reports started, so a port in use is logged at start-up; the agent runs on without it.
    /// Kestrel, not <c>HttpListener</c>: the managed listener can throw from its accept callback when a client connects
    /// while it is still starting, which took the whole agent down.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.HealthPort is not { } port) return;
        var host = _options.HealthHost.Contains(':') ? $"[{_options.HealthHost}]" : _options.HealthHost;
        // The empty builder reads no appsettings or ASPNETCORE_* variables: nothing the master's configuration says
        // about Kestrel endpoints can leak into this one-port surface.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls($"http://{host}:{port}");
        var app = builder.Build();
        app.Run(RespondAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Log.BindFailed(_logger, host, port, ex.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            return;
        }
        _app = app;
        Log.Listening(_logger, host, port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not { } app) return;
        _app = null;
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value?.TrimEnd('/') ?? "";
        response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsGet(request.Method) && path == "/metrics" && _metrics.Count > 0)
        {
            var writer = new PrometheusWriter();
            foreach (var source in _metrics) await source.CollectAsync(writer, context.RequestAborted).ConfigureAwait(false);
            response.ContentType = PrometheusWriter.ContentType;
            await response.WriteAsync(writer.ToString(), context.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsGet(request.Method) || path is not ("/health" or "/health/live"))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var health = GetHealth();
        response.StatusCode = path == "/health/live" || health.Status != "error" ? 200 : 503;
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, health, s_json, context.RequestAborted).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(1485, LogLevel.Information, "Agent health on http://{Host}:{Port}/health.", EventName = "AgentHealthListening")]
        public static partial void Listening(ILogger logger, string host, int port);

        [LoggerMessage(1486, LogLevel.Error, "The health endpoint cannot listen on {Host}:{Port}: {Reason}. The agent runs on without it.", EventName = "AgentHealthBindFailed")]
        public static partial void BindFailed(ILogger logger, string host, int port, string reason);
    }
}
