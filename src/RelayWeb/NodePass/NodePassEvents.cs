using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace RelayWeb.NodePass;

/// <summary>
/// NodePass's SSE stream (reference/nodepass.md §3.8): <c>retry: 3000</c>, then one <c>initial</c> event per instance, then
/// <c>create</c>, <c>update</c> and <c>delete</c> as instances appear, change and go, and <c>shutdown</c> when the server stops.
/// Every frame is <c>event: instance</c> with <c>data: {"type":...,"time":...,"instance":{...}}</c>, as NodePass writes it.
/// </summary>
/// <remarks>
/// Changes are found by comparing the instance list every <see cref="Interval"/> (a throttled change stream: counters move
/// at most once a second per instance, never per packet). <c>log</c> events are not sent: Relay has no per-instance process
/// output; its logs are in the log files.
/// </remarks>
public static class NodePassEvents
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task StreamAsync(HttpContext context, NodePassInstances instances, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var aborted = context.RequestAborted;
        var stopping = lifetime.ApplicationStopping;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        try
        {
            await WriteAsync(response, "retry: 3000\n\n", end.Token);
            var known = new Dictionary<string, NodePassInstanceDto>(StringComparer.OrdinalIgnoreCase);
            foreach (var instance in await instances.ListAsync(end.Token))
            {
                known[instance.Id] = instance;
                await SendAsync(response, "initial", instance, time, end.Token);
            }

            using var timer = new PeriodicTimer(Interval, time);
            while (await timer.WaitForNextTickAsync(end.Token))
            {
                var current = (await instances.ListAsync(end.Token)).ToDictionary(i => i.Id, StringComparer.OrdinalIgnoreCase);
                foreach (var (id, instance) in current)
                {
                    if (!known.TryGetValue(id, out var before)) await SendAsync(response, "create", instance, time, end.Token);
                    else if (before != instance) await SendAsync(response, "update", instance, time, end.Token);
                }
                foreach (var (id, instance) in known)
                {
                    if (!current.ContainsKey(id)) await SendAsync(response, "delete", instance, time, end.Token);
                }
                known = current;
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                // Tell the front end the master is going away (NodePass's shutdown event), then end the stream.
                try
                {
                    await SendAsync(response, "shutdown", null, time, aborted);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // the client went away meanwhile
                }
            }
        }
    }

    private static Task SendAsync(HttpResponse response, string type, NodePassInstanceDto? instance, TimeProvider time, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new NodePassEventDto { Type = type, Time = time.GetUtcNow(), Instance = instance }, NodePassApi.Json);
        return WriteAsync(response, $"event: instance\ndata: {json}\n\n", cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, string frame, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
