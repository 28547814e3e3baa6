using RelayWeb.AgentSync;

namespace RelayWeb.Metrics;

/// <summary>
/// An agent's own sync state, served by <c>relay agent</c> on its health port (<c>/metrics</c>): mode, backlog, lag,
/// records sent, consecutive failures, last success.
/// </summary>
public sealed class AgentSyncMetricsSource(AgentSyncState state) : IMetricsSource
{
    private static readonly AgentSyncMode[] s_modes = Enum.GetValues<AgentSyncMode>();

    public Task CollectAsync(PrometheusWriter writer, CancellationToken cancellationToken)
    {
        var s = state.Current;
        writer.Declare("relay_agent_sync_mode", "gauge", "1 for the sync's current mode (Offline, Starting, Level, CatchingUp, Failing), 0 for the others.");
        foreach (var mode in s_modes) writer.Sample("relay_agent_sync_mode", s.Mode == mode ? 1 : 0, ("mode", mode.ToString()));
        writer.Single("relay_agent_sync_backlog_records", "gauge", "Records not acknowledged by the master yet.", s.Backlog);
        writer.Single("relay_agent_sync_lag_seconds", "gauge", "Age of the oldest record not synced yet; 0 when level.", s.OldestUnsyncedAgeSeconds ?? 0);
        writer.Single("relay_agent_sync_records_sent_total", "counter", "Records the master acknowledged since the agent started.", s.RecordsSent);
        writer.Single("relay_agent_sync_consecutive_failures", "gauge", "Failed sync attempts in a row.", s.ConsecutiveFailures);
        writer.Single("relay_agent_disk_full", "gauge", "1 while the local disk is full.", s.DiskFull ? 1 : 0);
        if (s.LastSuccessUtc is { } last)
        {
            writer.Single("relay_agent_sync_last_success_timestamp_seconds", "gauge", "When the last sync succeeded (Unix time).", RelayMetricsSource.ToUnixSeconds(last));
        }
        return Task.CompletedTask;
    }
}
