using Microsoft.Extensions.Options;
using RelayEngine.Ledger;
using RelayEngine.Model;
using RelayEngine.Tunnels;
using RelayWeb.Api;
using RelayWeb.Api.Contracts;

namespace RelayWeb.AgentSync;

/// <summary>
/// Builds the heartbeat sent with every sync: version, uptime, backlog, lag, last error, disk, relay states (tunnel ends
/// with their ping and pool figures).
/// </summary>
public sealed class AgentHeartbeatBuilder(ServerInfo server, IRelayStateLookup relays, ITunnelStateLookup tunnels, ILedgerStatistics ledger, AgentSyncState state,
    IOptions<AgentOptions> options)
{
    private readonly AgentOptions _options = options.Value;

    public AgentHeartbeatDto Build(long backlog, long? oldestUnsyncedAgeSeconds)
    {
        var status = state.Current;
        var ledgerStats = ledger.GetStatistics();
        var ends = tunnels.GetTunnels().ToDictionary(t => t.LedgerRelayId, StringComparer.OrdinalIgnoreCase);
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
                Tunnel = ends.TryGetValue(r.RelayId, out var end) ? ToDto(end) : null,
            }).ToList(),
        };
    }

    private static AgentTunnelEndDto ToDto(TunnelSnapshot end) => new()
    {
        PingMs = end.PingRtt?.TotalMilliseconds,
        PoolIdle = end.PoolIdle,
        PoolCapacity = end.PoolCapacity,
        PoolHitRate = end.PoolHitRate,
        ActiveTcpConnections = end.ActiveTcpConnections,
        ActiveUdpSessions = end.ActiveUdpSessions,
        TcpBytesUp = end.TcpBytesUp,
        TcpBytesDown = end.TcpBytesDown,
        UdpBytesUp = end.UdpBytesUp,
        UdpBytesDown = end.UdpBytesDown,
    };

    private static string? Truncate(string? text) => text is { Length: > 1000 } ? text[..1000] : text;
}
