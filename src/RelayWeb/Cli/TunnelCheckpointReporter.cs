using Microsoft.Extensions.Options;
using RelayEngine.Tunnels;

namespace RelayWeb.Cli;

/// <summary>
/// For <c>relay run</c>: every heartbeat interval, one NodePass-style check-point line per tunnel end
/// (<c>CHECK_POINT|MODE=1|PING=3ms|POOL=64|TCPS=2|UDPS=0|TCPRX=..|TCPTX=..|UDPRX=..|UDPTX=..</c>, the format NodePass's
/// master parses, with Relay's pool hits and misses appended), so scripts that watch NodePass logs keep working.
/// RX counts bytes from users towards targets, TX the replies.
/// </summary>
internal sealed partial class TunnelCheckpointReporter(ITunnelStateLookup tunnels, TimeProvider time, IOptions<TunnelOptions> options, ILogger<TunnelCheckpointReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var t in tunnels.GetTunnels())
                {
                    if (t.Status is TunnelStatus.Stopped or TunnelStatus.Faulted) continue;
                    Log.CheckPoint(logger, t.TunnelId, (int)t.Flow, (long)(t.PingRtt?.TotalMilliseconds ?? 0), t.PoolIdle, t.ActiveTcpConnections, t.ActiveUdpSessions,
                        t.TcpBytesUp, t.TcpBytesDown, t.UdpBytesUp, t.UdpBytesDown, t.PoolHits, t.PoolMisses, t.Status);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(2113, LogLevel.Information,
            "CHECK_POINT|MODE={Mode}|PING={Ping}ms|POOL={Pool}|TCPS={Tcps}|UDPS={Udps}|TCPRX={TcpRx}|TCPTX={TcpTx}|UDPRX={UdpRx}|UDPTX={UdpTx}|HITS={Hits}|MISSES={Misses}|STATE={State} [{TunnelId}]",
            EventName = "TunnelCheckPoint")]
        public static partial void CheckPoint(ILogger logger, string tunnelId, int mode, long ping, int pool, int tcps, int udps, long tcpRx, long tcpTx, long udpRx, long udpTx, long hits, long misses, TunnelStatus state);
    }
}
