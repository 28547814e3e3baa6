using System.Buffers;
using System.Net.Sockets;
using RelayEngine.Connections;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// The accepting end of a UDP session through the tunnel: datagram frames from the data connection go to a UDP socket
/// connected to the target, replies come back as frames. Ends when the opening end closes the data connection (its session
/// expired or the user stopped), on this end's idle timeout, or on stop. An ICMP "port unreachable" from the target is not
/// an end: UDP targets come and go.
/// </summary>
internal static class TunnelUdpForwarder
{
    public static async Task<CloseReason> RelayAsync(TunnelDataConnection data, Socket target, ConnectionState connection, TunnelEndContext context)
    {
        var idle = context.UdpIdle;
        context.UdpRelaying.TryAdd(connection, 0);
        idle.Start(connection);
        try
        {
            var token = connection.Aborted;
            var reader = TunnelDatagrams.CreateReader(data.Stream);
            var up = UpAsync(reader, target, connection, idle, context, token);
            var down = DownAsync(target, data.Stream, connection, idle, context, token);
            var first = await Task.WhenAny(up, down).ConfigureAwait(false);
            connection.CancelIo();
            await Task.WhenAll(up, down).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            if (connection.RequestedCloseReason != CloseReason.None) return connection.RequestedCloseReason;
            if (context.Stopping.IsCancellationRequested) return CloseReason.RelayStopped;
            return first == up && up.IsCompletedSuccessfully && up.Result ? CloseReason.ClientClosed : CloseReason.Error;
        }
        finally
        {
            context.UdpRelaying.TryRemove(connection, out _);
        }
    }

    /// <summary>Tunnel → target. True when the opening end closed the data connection cleanly.</summary>
    private static async Task<bool> UpAsync(System.IO.Pipelines.PipeReader reader, Socket target, ConnectionState connection, IdleTimer idle, TunnelEndContext context, CancellationToken cancellationToken)
    {
        try
        {
            var result = await TunnelDatagrams.ReadAllAsync(reader, async datagram =>
            {
                connection.AddUp(datagram.Length);
                idle.Touch(connection);
                if (context.RateUp is { } rate) await rate.WaitAsync(datagram.Length, cancellationToken).ConfigureAwait(false);
                try
                {
                    await target.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
                {
                    // The target is not listening (yet): the datagram is lost, as it would be without the tunnel.
                }
            }, cancellationToken).ConfigureAwait(false);
            return result == TunnelFrameReadResult.Frame;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Target → tunnel.</summary>
    private static async Task DownAsync(Socket target, Stream tunnel, ConnectionState connection, IdleTimer idle, TunnelEndContext context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(TunnelProtocol.MaxDatagram);
        try
        {
            while (true)
            {
                int received;
                try
                {
                    received = await target.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.HostUnreachable)
                {
                    continue; // ICMP for an earlier datagram
                }
                connection.AddDown(received);
                idle.Touch(connection);
                if (context.RateDown is { } rate) await rate.WaitAsync(received, cancellationToken).ConfigureAwait(false);
                await TunnelDatagrams.WriteAsync(tunnel, buffer.AsMemory(0, received), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
