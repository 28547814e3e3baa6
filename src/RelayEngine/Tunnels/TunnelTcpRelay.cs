using System.Net.Security;
using System.Net.Sockets;
using RelayEngine.Connections;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// Relays one TCP connection between its two sockets at one tunnel end: the user and a data connection (opening end), or
/// a data connection and the target (accepting end). Plain and unlimited: <see cref="SocketCopier"/> both ways, the same
/// loop as forwards. With TLS or a rate limit: <see cref="TunnelStreamCopier"/>. Same shape as TcpRelayListener.RelayAsync:
/// a clean FIN keeps the other direction open (half-close), a failure or timeout tears both down, the second copy is always
/// awaited, and the close reason says who ended it. A failure closes both sockets with a reset, never a FIN, so a broken
/// relay is not mistaken for a complete one at either end of the tunnel.
/// </summary>
internal static class TunnelTcpRelay
{
    /// <param name="clientSide">The side towards the user.</param>
    /// <param name="clientTls">TLS on the client side (a data connection at the accepting end), or null.</param>
    /// <param name="targetSide">The side towards the target.</param>
    /// <param name="targetTls">TLS on the target side (a data connection at the opening end), or null.</param>
    /// <param name="connection">The ledger record whose counters move.</param>
    /// <param name="context">The end's shared parts (timeouts, limits, buffer size).</param>
    public static async Task<CloseReason> RelayAsync(
        Socket clientSide, SslStream? clientTls, Socket targetSide, SslStream? targetTls, ConnectionState connection,
        TunnelEndContext context)
    {
        // As in forwards: one token (the connection's) ends the copies early: admin close, the idle sweep (which aborts
        // with IdleTimeout), the end's stop (which aborts with RelayStopped after the drain) and a failed direction
        // (CancelIo). No per-connection timer or linked source.
        var idle = context.TcpIdle;
        context.TcpRelaying.TryAdd(connection, 0);
        idle.Start(connection);
        try
        {
            var token = connection.Aborted;
            Task<CopyResult> up, down;
            if (clientTls is null && targetTls is null && context.RateUp is null && context.RateDown is null)
            {
                up = Plain(SocketCopier.CopyAsync(clientSide, targetSide, connection, upstream: true, idle, context.BufferSize, token));
                down = Plain(SocketCopier.CopyAsync(targetSide, clientSide, connection, upstream: false, idle, context.BufferSize, token));
            }
            else
            {
                var client = new TunnelLeg(clientSide, clientTls);
                var target = new TunnelLeg(targetSide, targetTls);
                up = TunnelStreamCopier.CopyAsync(client, target, connection, upstream: true, idle, context.RateUp, context.BufferSize, token);
                down = TunnelStreamCopier.CopyAsync(target, client, connection, upstream: false, idle, context.RateDown, context.BufferSize, token);
            }

            var first = await Task.WhenAny(up, down).ConfigureAwait(false);
            var firstResult = await first.ConfigureAwait(false);
            var firstIsUp = first == up;
            if (firstResult != CopyResult.Completed) connection.CancelIo(); // a fault tears down both; a clean FIN keeps the other way open
            var secondResult = await (firstIsUp ? down : up).ConfigureAwait(false);
            if ((firstResult != CopyResult.Completed || secondResult != CopyResult.Completed) && connection.RequestedCloseReason == CloseReason.None)
            {
                // A failed direction must not look like the end of the stream: closing normally would send a FIN, and the
                // user (or the far end, which passes it on) would take a truncated transfer for a complete one. Reset both.
                TunnelLeg.ResetOnClose(clientSide);
                TunnelLeg.ResetOnClose(targetSide);
            }

            if (connection.RequestedCloseReason != CloseReason.None) return connection.RequestedCloseReason;
            if (connection.FirstToCloseReason is { } firstToClose) return firstToClose;
            return firstResult == CopyResult.Completed && secondResult == CopyResult.Completed
                ? (firstIsUp ? CloseReason.ClientClosed : CloseReason.TargetClosed)
                : CloseReason.Error;
        }
        finally
        {
            context.TcpRelaying.TryRemove(connection, out _);
        }
    }

    private static async Task<CopyResult> Plain(Task<(CopyResult Result, SocketError Error)> copy) => (await copy.ConfigureAwait(false)).Result;
}
