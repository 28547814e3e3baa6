using RelayWeb.Data;
using RelayEngine.Events;

namespace RelayWeb.Cli;

/// <summary>
/// Prints connection events the way the Mihomo tracker does on its console: a line per new connection (protocol, source,
/// target) and per closed one (id, bytes each way). Built on the engine's batched subscription, never per packet.
/// </summary>
internal sealed partial class ConsoleConnectionReporter(IEngineEvents events, ILogger<ConsoleConnectionReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = new HashSet<Guid>();
        try
        {
            var subscription = await events.SubscribeConnectionsAsync(null, stoppingToken);
            foreach (var connection in subscription.InitialState) seen.Add(connection.Id);
            await foreach (var batch in subscription.Changes.WithCancellation(stoppingToken))
            {
                foreach (var change in batch)
                {
                    if (change.Connection is not { } c) continue;
                    // A TCP connection is announced once its target is known (the first Upsert comes at accept time).
                    if (change.Kind == ChangeKind.Upsert && c.Target is not null && seen.Add(c.Id))
                    {
                        Log.Opened(logger, c.Network, c.Source, c.Target, c.RelayId, c.Id);
                    }
                    else if (change.Kind == ChangeKind.Remove)
                    {
                        if (!seen.Remove(c.Id)) Log.Opened(logger, c.Network, c.Source, c.Target ?? "(none)", c.RelayId, c.Id);
                        Log.Closed(logger, c.Id, c.BytesUp, c.BytesDown, ConnectionMapper.ToText(c.CloseReason) ?? "open", c.DurationMs(c.EndUtc ?? c.StartUtc));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2100, LogLevel.Information, "[new] {Network} {Source} -> {Target} (relay {RelayId}, id {ConnectionId})", EventName = "ConsoleConnectionOpened")]
        public static partial void Opened(ILogger logger, string network, string source, string target, string relayId, Guid connectionId);

        [LoggerMessage(2101, LogLevel.Information, "[closed] {ConnectionId} up {BytesUp} B, down {BytesDown} B, {Reason}, {DurationMs} ms", EventName = "ConsoleConnectionClosed")]
        public static partial void Closed(ILogger logger, Guid connectionId, long bytesUp, long bytesDown, string reason, long durationMs);
    }
}
