using RelayWeb.Master;

namespace RelayWeb.Metrics;

/// <summary>
/// The master's view of its agents (anchors-monitoring §4.4 "Agents / sync"), label <c>agent</c>: up (online: synced within
/// three of its sync intervals), last seen, the backlog and lag it reported with its last sync, records received, disk full.
/// Sync requests by outcome are in <c>http_server_request_duration_seconds_count{http_route="/api/v1/sync/"}</c>.
/// </summary>
public sealed class AgentMetricsSource(AgentRegistry agents, TimeProvider time) : IMetricsSource
{
    public Task CollectAsync(PrometheusWriter writer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var all = agents.GetAgents();
        writer.Declare("relay_agent_info", "gauge", "An agent that synced with this master; always 1. Join on agent.");
        writer.Declare("relay_agent_up", "gauge", "1 while the agent synced within three of its sync intervals, 0 when it is offline.");
        writer.Declare("relay_agent_last_seen_timestamp_seconds", "gauge", "When the agent last synced (Unix time).");
        writer.Declare("relay_agent_sync_backlog_records", "gauge", "Records waiting on the agent when it last synced.");
        writer.Declare("relay_agent_sync_lag_seconds", "gauge", "Age of the oldest record the agent had not synced yet when it last synced; 0 when it was level.");
        writer.Declare("relay_agent_sync_records_received_total", "counter", "Records received from the agent over all syncs (re-sent records counted again).");
        writer.Declare("relay_agent_disk_full", "gauge", "1 while the agent reported its disk full.");
        foreach (var agent in all)
        {
            (string, string) label = ("agent", agent.AgentId);
            writer.Sample("relay_agent_info", 1, label, ("region", agent.Region ?? ""), ("version", agent.Version ?? ""));
            writer.Sample("relay_agent_up", agent.IsOnline(now) ? 1 : 0, label);
            writer.Sample("relay_agent_last_seen_timestamp_seconds", RelayMetricsSource.ToUnixSeconds(agent.LastSeenUtc), label);
            writer.Sample("relay_agent_sync_backlog_records", agent.Backlog, label);
            writer.Sample("relay_agent_sync_lag_seconds", agent.OldestUnsyncedAgeSeconds ?? 0, label);
            writer.Sample("relay_agent_sync_records_received_total", agent.RecordsReceived, label);
            writer.Sample("relay_agent_disk_full", agent.DiskFull ? 1 : 0, label);
        }
        return Task.CompletedTask;
    }
}
