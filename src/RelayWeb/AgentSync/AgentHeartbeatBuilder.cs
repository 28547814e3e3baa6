using Microsoft.Extensions.Options;
using RelayEngine.Ledger;
using RelayEngine.Model;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;

namespace RelayWeb.AgentSync;

/// <summary>Builds the heartbeat sent with every sync: version, uptime, backlog, lag, last error, disk, relay states.</summary>
public sealed class AgentHeartbeatBuilder(ServerInfo server, IRelayStateLookup relays, ILedgerStatistics ledger, AgentSyncState state, IOptions<AgentOptions> options)
{
    private readonly AgentOptions _options = options.Value;

    public AgentHeartbeatDto Build(long backlog, long? oldestUnsyncedAgeSeconds)
    {
        var status = state.Current;
        var ledgerStats = ledger.GetStatistics();
        return new AgentHeartbeatDto
        {
            Version = server.Version,
            UptimeSeconds = (long)server.Uptime.TotalSeconds,
            Backlog = backlog,
            OldestUnsyncedAgeSeconds = oldestUnsyncedAgeSeconds,
            LastError = Truncate(status.DiskError ?? ledgerStats.LastError ?? status.LastError),
            Region = _options.Region,
            DiskFull = status.DiskFull,
            SyncIntervalSeconds = (int)_options.SyncInterval.TotalSeconds,
            LedgerDropped = ledgerStats.Dropped,
            Relays = relays.GetRelays().Select(r => new AgentRelayStateDto
            {
                Id = r.RelayId,
                State = r.Status,
                StateReason = r.StatusReason,
                BoundEndpoint = r.BoundEndPoint?.ToString(),
                ActiveConnections = r.ActiveConnections,
                TotalConnections = r.TotalConnections,
                BytesUp = r.BytesUp,
                BytesDown = r.BytesDown,
                StartedUtc = r.StartedUtc,
            }).ToList(),
        };
    }

    private static string? Truncate(string? text) => text is { Length: > 1000 } ? text[..1000] : text;
}
