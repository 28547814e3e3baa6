using System.Net.Sockets;
using RelayEngine.Configuration;
using RelayEngine.Connections;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// Dials the targets of the end that receives user connections, in the strategy's order, each attempt bounded by the
/// connect timeout; the same rules as TcpRelayListener's connect (failover on refusal or timeout, the ledger row names the
/// target tried). Also picks UDP targets.
/// </summary>
internal sealed class TunnelTargetDialer
{
    private readonly TargetSelector _targets;
    private readonly TunnelEndContext _context;
    private readonly Action<string, string> _failed;

    /// <param name="context">The end's shared parts (timeouts, strategy).</param>
    /// <param name="targets">The addresses to dial.</param>
    /// <param name="failed">Called with the target and the error when one attempt fails (for logging).</param>
    public TunnelTargetDialer(TunnelEndContext context, IReadOnlyList<string> targets, Action<string, string> failed)
    {
        _context = context;
        _targets = new TargetSelector(targets, context.Config.Strategy);
        _failed = failed;
    }

    public async Task<Socket?> ConnectTcpAsync(ConnectionState connection)
    {
        var order = new HostPort[_targets.Targets.Count];
        _targets.GetAttemptOrder(order);
        foreach (var target in order)
        {
            connection.Target = target.ToString();
            using var deadline = new CancellationTokenSource(_context.ConnectTimeout, _context.Time);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted, _context.Stopping, deadline.Token);
            Socket? socket = null;
            try
            {
                var endPoint = await target.ResolveAsync(attempt.Token).ConfigureAwait(false);
                socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                socket?.Dispose();
                if (connection.Aborted.IsCancellationRequested || _context.Stopping.IsCancellationRequested) return null;
                _failed(target.ToString(), ex is SocketException se ? se.SocketErrorCode.ToString() : "timed out");
            }
        }
        return null;
    }

    /// <summary>A UDP socket connected to the first target (in strategy order) that resolves; null when none does.</summary>
    public async Task<Socket?> ConnectUdpAsync(ConnectionState connection)
    {
        var order = new HostPort[_targets.Targets.Count];
        _targets.GetAttemptOrder(order);
        foreach (var target in order)
        {
            connection.Target = target.ToString();
            try
            {
                using var deadline = new CancellationTokenSource(_context.ConnectTimeout, _context.Time);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted, _context.Stopping, deadline.Token);
                var endPoint = await target.ResolveAsync(attempt.Token).ConfigureAwait(false);
                var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                if (connection.Aborted.IsCancellationRequested || _context.Stopping.IsCancellationRequested) return null;
                _failed(target.ToString(), ex is SocketException se ? se.SocketErrorCode.ToString() : "timed out");
            }
        }
        return null;
    }
}
