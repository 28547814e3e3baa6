using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using RelayWeb.Api.Events;

namespace RelayWeb.NodePass;

/// <summary>
/// NodePass's SSE stream (reference/nodepass.md §3.8; NodePass's api.md): <c>retry: 3000</c>, then one <c>initial</c> event
/// per instance, then <c>create</c>, <c>update</c> and <c>delete</c> as instances appear, change and go, <c>log</c> with an
/// instance's log lines (<see cref="NodePassLogLines"/>), and <c>shutdown</c> when the server stops. Every frame is
/// <c>event: instance</c> with <c>data: {"type":...,"time":...,"instance":{...}}</c> (plus <c>"logs"</c> for <c>log</c>),
/// as NodePass writes it.
/// </summary>
/// <remarks>
/// Instance changes are found by comparing the instance list every <see cref="Interval"/> (a throttled change stream:
/// counters move at most once a second per instance, never per packet). Log lines come from the engine's event feed of
/// this node, so instances running on an agent have none here. One loop writes every frame; the timer and the feed only
/// queue work for it.
/// </remarks>
public static class NodePassEvents
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task StreamAsync(HttpContext context, NodePassInstances instances, EngineEventFeed feed, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var aborted = context.RequestAborted;
        var stopping = lifetime.ApplicationStopping;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        // null: time to compare the instance list; anything else: an engine event that may be a log line.
        var inbox = Channel.CreateBounded<EngineEventMessage?>(new BoundedChannelOptions(EngineEventFeed.Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var pumps = Task.WhenAll(TickAsync(inbox.Writer, time, end.Token), ForwardAsync(feed.ReadAsync(null, end.Token), inbox.Writer, end.Token));
        var stream = new InstanceStream(response, instances, time);
        try
        {
            await WriteAsync(response, "retry: 3000\n\n", end.Token);
            await stream.RefreshAsync(initial: true, end.Token);
            await foreach (var item in inbox.Reader.ReadAllAsync(end.Token))
            {
                if (item is null) await stream.RefreshAsync(initial: false, end.Token);
                else await stream.LogAsync(item, end.Token);
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested && !aborted.IsCancellationRequested)
            {
                // Tell the front end the master is going away (NodePass's shutdown event), then end the stream.
                try
                {
                    await SendAsync(response, "shutdown", null, null, time, aborted);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    // the client went away meanwhile
                }
            }
        }
        finally
        {
            await end.CancelAsync();
            try
            {
                await pumps;
            }
            catch (OperationCanceledException)
            {
                // expected: the stream ended
            }
        }
    }

    private static async Task TickAsync(ChannelWriter<EngineEventMessage?> inbox, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken)) inbox.TryWrite(null);
    }

    private static async Task ForwardAsync(IAsyncEnumerable<EngineEventMessage> feed, ChannelWriter<EngineEventMessage?> inbox, CancellationToken cancellationToken)
    {
        await foreach (var message in feed.WithCancellation(cancellationToken)) inbox.TryWrite(message);
    }

    private static Task SendAsync(HttpResponse response, string type, NodePassInstanceDto? instance, string? logs, TimeProvider time, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new NodePassEventDto { Type = type, Time = time.GetUtcNow(), Instance = instance, Logs = logs }, NodePassApi.Json);
        return WriteAsync(response, $"event: instance\ndata: {json}\n\n", cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, string frame, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>What one stream has told its client: the instances it knows, and which instance each ledger relay id belongs to.</summary>
    private sealed class InstanceStream(HttpResponse response, NodePassInstances instances, TimeProvider time)
    {
        private Dictionary<string, NodePassInstanceDto> _known = new(StringComparer.OrdinalIgnoreCase);
        private Dictionary<string, string> _owners = new(StringComparer.OrdinalIgnoreCase);

        // Relay ids that belong to no instance (an external source such as Mihomo): looked up once, not on every event.
        // Never cleared: relay ids are random and never reused, and anything made later has a new one.
        private readonly HashSet<string> _unowned = new(StringComparer.OrdinalIgnoreCase);

        // Lines of relay ids no instance listed yet. The engine can announce a relay before the instance that made it is
        // stored, so a line is held for a few comparisons rather than its relay called unowned at once.
        private readonly Dictionary<string, HeldLines> _held = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>How long lines wait for their instance to be listed before their relay counts as unowned.</summary>
        public static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(5);

        /// <summary>At most this many lines held per relay (the oldest go first), and this many relays held at once.</summary>
        public const int MaxHeldLines = 64, MaxHeldRelays = 256;

        /// <summary>Sends <c>initial</c> for every instance, or <c>create</c>/<c>update</c>/<c>delete</c> for what changed.</summary>
        public async Task RefreshAsync(bool initial, CancellationToken cancellationToken)
        {
            var current = new Dictionary<string, NodePassInstanceDto>(StringComparer.OrdinalIgnoreCase);
            var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var target in await instances.LoadAsync(cancellationToken))
            {
                var instance = await instances.ToDtoAsync(target, cancellationToken);
                current[instance.Id] = instance;
                foreach (var relayId in target.LedgerRelayIds) owners[relayId] = instance.Id;
                if (initial) await SendAsync(response, "initial", instance, null, time, cancellationToken);
                else if (!_known.TryGetValue(instance.Id, out var before)) await SendAsync(response, "create", instance, null, time, cancellationToken);
                else if (before != instance) await SendAsync(response, "update", instance, null, time, cancellationToken);
            }
            foreach (var (id, instance) in _known)
            {
                if (!current.ContainsKey(id)) await SendAsync(response, "delete", instance, null, time, cancellationToken);
            }
            _known = current;
            _owners = owners;
            await ReleaseHeldAsync(cancellationToken);
        }

        /// <summary>Sends the held lines whose instance is now listed; gives up on those held past <see cref="HoldFor"/>.</summary>
        private async Task ReleaseHeldAsync(CancellationToken cancellationToken)
        {
            if (_held.Count == 0) return;
            var now = time.GetUtcNow();
            foreach (var (relayId, held) in _held.ToArray())
            {
                if (_owners.TryGetValue(relayId, out var id))
                {
                    _held.Remove(relayId);
                    foreach (var line in held.Lines) await SendAsync(response, "log", _known[id], line, time, cancellationToken);
                }
                else if (now >= held.GiveUpAt)
                {
                    _held.Remove(relayId);
                    _unowned.Add(relayId);
                }
            }
        }

        private void Hold(string relayId, string line)
        {
            if (!_held.TryGetValue(relayId, out var held))
            {
                if (_held.Count >= MaxHeldRelays) return; // a flood of foreign relay ids: their lines were never going anywhere
                _held[relayId] = held = new HeldLines(time.GetUtcNow() + HoldFor);
            }
            if (held.Lines.Count == MaxHeldLines) held.Lines.Dequeue();
            held.Lines.Enqueue(line);
        }

        private sealed record HeldLines(DateTimeOffset GiveUpAt)
        {
            public Queue<string> Lines { get; } = new();
        }

        /// <summary>Sends <paramref name="message"/> as a <c>log</c> event of the instance it belongs to, if it is a log line.</summary>
        public async Task LogAsync(EngineEventMessage message, CancellationToken cancellationToken)
        {
            if (message.RelayId is not { } relayId || _unowned.Contains(relayId)) return;
            if (NodePassLogLines.Format(message, time.GetLocalNow()) is not { } line) return;
            if (_held.ContainsKey(relayId))
            {
                // Still waiting for its instance: the next comparison (at most Interval away) sends these in order.
                Hold(relayId, line);
                return;
            }
            if (!_owners.ContainsKey(relayId))
            {
                // An instance created since the last comparison: announce it (create) before its first line.
                await RefreshAsync(initial: false, cancellationToken);
            }
            if (_owners.TryGetValue(relayId, out var id)) await SendAsync(response, "log", _known[id], line, time, cancellationToken);
            else Hold(relayId, line);
        }
    }
}
