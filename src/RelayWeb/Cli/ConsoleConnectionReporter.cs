using System.Globalization;
using RelayWeb.Data;
using RelayEngine.Connections;
using RelayEngine.Events;

namespace RelayWeb.Cli;

/// <summary>
/// Prints connection events the way the Mihomo tracker does on its console: a line per new connection (protocol, source,
/// destination, and for Mihomo connections host, rule and chains), per closed one (id, bytes each way), and traffic
/// updates at Debug. Built on the engine's batched subscription (at most one update per connection a second), never per
/// packet.
/// </summary>
internal sealed partial class ConsoleConnectionReporter(IEngineEvents events, ILogger<ConsoleConnectionReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Last counters printed per open connection: a traffic line shows what moved since.
        var seen = new Dictionary<Guid, (long Up, long Down)>();
        try
        {
            var subscription = await events.SubscribeConnectionsAsync(null, stoppingToken);
            foreach (var connection in subscription.InitialState) seen[connection.Id] = (connection.BytesUp, connection.BytesDown);
            await foreach (var batch in subscription.Changes.WithCancellation(stoppingToken))
            {
                foreach (var change in batch)
                {
                    if (change.Connection is not { } c) continue;
                    if (change.Kind == ChangeKind.Upsert) OnUpsert(seen, c);
                    else if (change.Kind == ChangeKind.Remove)
                    {
                        if (!seen.Remove(c.Id)) ReportOpened(c);
                        Log.Closed(logger, c.Id, c.BytesUp, c.BytesDown, ConnectionMapper.ToText(c.CloseReason) ?? "open", c.DurationMs(c.EndUtc ?? c.StartUtc));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnUpsert(Dictionary<Guid, (long Up, long Down)> seen, ConnectionSnapshot c)
    {
        if (seen.TryGetValue(c.Id, out var last))
        {
            if ((c.BytesUp != last.Up || c.BytesDown != last.Down) && logger.IsEnabled(LogLevel.Debug))
            {
                Log.Traffic(logger, c.Id, c.BytesUp, c.BytesUp - last.Up, c.BytesDown, c.BytesDown - last.Down);
            }
            seen[c.Id] = (c.BytesUp, c.BytesDown);
            return;
        }
        // A TCP connection is announced once its target is known (the first Upsert comes at accept time).
        if (c.Target is null) return;
        seen[c.Id] = (c.BytesUp, c.BytesDown);
        ReportOpened(c);
    }

    private void ReportOpened(ConnectionSnapshot c)
    {
        if (c.Metadata is not { } m)
        {
            Log.Opened(logger, c.Network, c.Source, c.Target ?? "(none)", c.RelayId, c.Id);
            return;
        }
        var destination = m.DestinationIp is { } ip
            ? (m.DestinationPort is { } port ? FormatEndPoint(ip, port) : ip)
            : c.Target ?? "(none)";
        var host = m.Host ?? m.SniffHost ?? "-";
        var rule = m.Rule is null ? "-" : m.RulePayload is null ? m.Rule : $"{m.Rule}({m.RulePayload})";
        // Mihomo lists the chain outbound-first; dashboards (and this line) show it from the group down to the proxy.
        var chains = m.Chains.Count == 0 ? "-" : string.Join(" > ", m.Chains.Reverse());
        Log.OpenedWithMetadata(logger, c.Network, c.Source, destination, host, rule, chains, c.RelayId, c.Id);
    }

    private static string FormatEndPoint(string ip, int port) =>
        (ip.Contains(':') ? $"[{ip}]" : ip) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
