using RelayEngine.Connections;
using RelayEngine.Ledger;
using RelayEngine.Model;
using RelayWeb.Api;

namespace RelayWeb.Metrics;

/// <summary>
/// The engine's families, read from its lookups at scrape time (the catalogue of anchors-monitoring §4.4, prefix
/// <c>relay_</c>). Per relay (label <c>forward</c> = relay id, <c>protocol</c>): up and state, active connections,
/// accepted, closed by reason, refused, failed connects, bytes each way. Bytes are counted from the client's side:
/// <c>relay_received_bytes_total</c> came from clients (up), <c>relay_sent_bytes_total</c> went to them (down). The ledger
/// pipeline's counters follow. No source addresses or connection ids are ever labels.
/// </summary>
public sealed class RelayMetricsSource(IRelayStateLookup relays, IConnectionStatistics connections, ILedgerStatistics ledger, ServerInfo server) : IMetricsSource
{
    private static readonly RelayStatus[] s_states = Enum.GetValues<RelayStatus>();

    public Task CollectAsync(PrometheusWriter writer, CancellationToken cancellationToken)
    {
        writer.Declare("relay_build_info", "gauge", "Relay's version; always 1.").Sample("relay_build_info", 1, ("version", server.Version));

        var all = relays.GetRelays().OrderBy(r => r.RelayId, StringComparer.Ordinal).ToList();
        writer.Declare("relay_forward_info", "gauge", "A relay's configuration (name, listen address, targets); always 1. Join on forward.");
        writer.Declare("relay_forward_up", "gauge", "1 when the relay is bound and accepting, 0 otherwise.");
        writer.Declare("relay_forward_state", "gauge", "1 for the relay's current state (Starting, Running, Stopping, Stopped, Faulted), 0 for the others.");
        writer.Declare("relay_connections_active", "gauge", "Open TCP connections and UDP sessions.");
        writer.Declare("relay_connections_accepted_total", "counter", "Connections and UDP sessions admitted since the process started.");
        writer.Declare("relay_rejected_connections_total", "counter", "Connections refused since the process started; reason=limit: the relay's connection limit was reached.");
        writer.Declare("relay_upstream_connect_errors_total", "counter", "Connections whose every target failed to connect.");
        writer.Declare("relay_received_bytes_total", "counter", "Bytes received from clients (client to target, 'up').");
        writer.Declare("relay_sent_bytes_total", "counter", "Bytes sent to clients (target to client, 'down').");
        foreach (var relay in all)
        {
            var protocol = relay.Config.Protocol.ToString().ToLowerInvariant();
            (string, string)[] labels = [("forward", relay.RelayId), ("protocol", protocol)];
            writer.Sample("relay_forward_info", 1, ("forward", relay.RelayId), ("protocol", protocol), ("name", relay.Config.DisplayName),
                ("listen", relay.Config.Listen), ("target", string.Join(",", relay.Config.Targets)));
            writer.Sample("relay_forward_up", relay.Status == RelayStatus.Running ? 1 : 0, labels);
            foreach (var state in s_states)
            {
                writer.Sample("relay_forward_state", relay.Status == state ? 1 : 0, ("forward", relay.RelayId), ("protocol", protocol), ("state", state.ToString()));
            }
            writer.Sample("relay_connections_active", relay.ActiveConnections, labels);
            writer.Sample("relay_connections_accepted_total", relay.TotalConnections, labels);
            writer.Sample("relay_rejected_connections_total", relay.RefusedConnections, ("forward", relay.RelayId), ("protocol", protocol), ("reason", "limit"));
            writer.Sample("relay_upstream_connect_errors_total", relay.FailedConnections, labels);
            writer.Sample("relay_received_bytes_total", relay.BytesUp, labels);
            writer.Sample("relay_sent_bytes_total", relay.BytesDown, labels);
        }

        writer.Declare("relay_connections_closed_total", "counter",
            "Connections and UDP sessions ended since the process started, by reason (client_closed, target_closed, idle_timeout, connect_failed, refused_by_limit, closed_by_admin, relay_stopped, error).");
        foreach (var closed in connections.GetClosedCounts().OrderBy(c => c.RelayId, StringComparer.Ordinal).ThenBy(c => c.Reason))
        {
            writer.Sample("relay_connections_closed_total", closed.Count, ("forward", closed.RelayId), ("reason", CloseReasonName(closed.Reason)));
        }

        var stats = ledger.GetStatistics();
        writer.Single("relay_ledger_records_written_total", "counter", "Ledger records written to the database.", stats.Written);
        writer.Single("relay_ledger_records_pending", "gauge", "Ledger records waiting in memory to be written.", stats.Pending);
        writer.Single("relay_ledger_records_dropped_total", "counter", "Ledger records dropped because the in-memory buffer was full.", stats.Dropped);
        writer.Single("relay_ledger_write_failures_total", "counter", "Failed ledger writes (each is retried).", stats.FailedWrites);
        if (stats.LastWriteUtc is { } last)
        {
            writer.Single("relay_ledger_last_write_timestamp_seconds", "gauge", "When the ledger last wrote to the database (Unix time).", ToUnixSeconds(last));
        }
        return Task.CompletedTask;
    }

    internal static double ToUnixSeconds(DateTime utc) => (DateTime.SpecifyKind(utc, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;

    private static string CloseReasonName(CloseReason reason) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());
}
