using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using RelayWeb.Api.Events;
using RelayWeb.Auth;

namespace RelayWeb.Api;

/// <summary>
/// <c>GET /api/v1/events</c>: Server-Sent Events. Events <c>relay</c>, <c>relay.removed</c>, <c>connection.opened</c>,
/// <c>connection.closed</c> (data: the connection) and <c>traffic</c> (1-second totals), each <c>data</c> one line of JSON;
/// a comment line every <see cref="HeartbeatInterval"/> keeps proxies from closing an idle stream. <c>?relay=ID</c> narrows
/// it to one relay. The stream ends when the client disconnects.
/// </summary>
/// <remarks>
/// The same path serves NodePass's instance stream (<see cref="NodePass.NodePassEvents"/>) to NodePass clients: when the
/// request authenticates with <c>X-API-Key</c> (as NodePass front ends do) or asks <c>?format=nodepass</c>. <c>?format=relay</c>
/// forces Relay's stream for an <c>X-API-Key</c> client.
/// </remarks>
public static class EventsApi
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly byte[] s_heartbeat = ": heartbeat\n\n"u8.ToArray();

    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamEventsAsync).RequireAuthorization(RelayPolicies.Read).WithTags("Events")
            .WithSummary("Live events (Server-Sent Events)")
            .WithDescription("text/event-stream with events relay, relay.removed, connection.opened, connection.closed and traffic; a comment heartbeat every 15 s. Optional ?relay=ID. " +
                "NodePass clients (X-API-Key header, or ?format=nodepass) get NodePass's stream instead: event: instance, data {type: initial|create|update|delete|shutdown|log, time, instance, logs}; ?format=relay forces Relay's.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return api;
    }

    public static async Task StreamEventsAsync(HttpContext context, string? relay, string? format, EngineEventFeed feed, RelayWeb.NodePass.NodePassInstances instances,
        TimeProvider time, IHostApplicationLifetime lifetime)
    {
        if (WantsNodePass(context.Request, format))
        {
            await RelayWeb.NodePass.NodePassEvents.StreamAsync(context, instances, feed, time, lifetime);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass events through as they come
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Ends on disconnect, and at shutdown (a graceful stop would otherwise wait for every open stream).
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = end.Token;
        var writer = new FrameWriter(response);
        await writer.WriteAsync("retry: 5000\n: connected\n\n"u8.ToArray(), aborted);

        var heartbeat = time.CreateTimer(_ => writer.Heartbeat(aborted), null, HeartbeatInterval, HeartbeatInterval);
        try
        {
            await foreach (var message in feed.ReadAsync(string.IsNullOrWhiteSpace(relay) ? null : relay.Trim(), aborted))
            {
                await writer.WriteAsync(Format(message), aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // the client went away or the server is stopping: a clean end
        }
        finally
        {
            await heartbeat.DisposeAsync();
            await writer.CompleteAsync();
        }
    }

    /// <summary>NodePass's stream for <c>?format=nodepass</c>, or for an <c>X-API-Key</c> request unless <c>?format=relay</c>.</summary>
    public static bool WantsNodePass(HttpRequest request, string? format) =>
        string.Equals(format, "nodepass", StringComparison.OrdinalIgnoreCase)
        || (!string.Equals(format, "relay", StringComparison.OrdinalIgnoreCase) && request.Headers.ContainsKey(ApiTokenRequest.ApiKeyHeader));

    /// <summary>One SSE frame: <c>event: TYPE</c>, <c>data: JSON</c>, blank line.</summary>
    public static byte[] Format(EngineEventMessage message)
    {
        var json = JsonSerializer.Serialize(message.Payload, message.Payload.GetType(), RelayJson.Options);
        return Encoding.UTF8.GetBytes($"event: {message.Type}\ndata: {json}\n\n");
    }

    /// <summary>Serializes frames from the event loop and the heartbeat timer; nothing is written once the handler ends.</summary>
    private sealed class FrameWriter(HttpResponse response)
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private bool _completed;

        public async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
        {
            await _lock.WaitAsync(cancellationToken);
            try
            {
                if (_completed) return;
                await response.Body.WriteAsync(frame, cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }
            finally
            {
                _lock.Release();
            }
        }

        public void Heartbeat(CancellationToken cancellationToken) =>
            _ = WriteAsync(s_heartbeat, cancellationToken).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

        public async Task CompleteAsync()
        {
            await _lock.WaitAsync();
            _completed = true;
            _lock.Release();
        }
    }
}
