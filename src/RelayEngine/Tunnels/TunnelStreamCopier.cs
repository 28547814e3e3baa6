using System.Buffers;
using System.Net.Sockets;
using RelayEngine.Connections;
using RelayEngine.Transport;

namespace RelayEngine.Tunnels;

/// <summary>
/// One direction of a tunnelled TCP connection when a side is TLS or the end is rate-limited: the same loop as
/// <see cref="SocketCopier"/> (counters, idle touch, FIN passed on, result enum instead of exceptions) over
/// <see cref="TunnelLeg"/>s, waiting with a zero-byte read before renting a buffer (a TLS record is decrypted into the
/// buffer the read brings, so a small wait buffer would split it). Plain, unlimited tunnels use <see cref="SocketCopier"/>.
/// </summary>
internal static class TunnelStreamCopier
{
    public static async Task<CopyResult> CopyAsync(
        TunnelLeg source, TunnelLeg destination, ConnectionState connection, bool upstream, IdleTimer idle,
        TunnelRateLimiter? rate, int bufferSize, CancellationToken cancellationToken)
    {
        byte[]? buffer = null;
        var reading = true;
        var mayHaveMore = false;
        try
        {
            while (true)
            {
                reading = true;
                if (!mayHaveMore)
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                    await source.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);
                }
                buffer ??= ArrayPool<byte>.Shared.Rent(bufferSize);
                var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    reading = false;
                    connection.MarkClosedBy(client: upstream);
                    destination.ShutdownSend();
                    return CopyResult.Completed;
                }
                // TLS hands out one record (≤ 16 KiB) per read: "more may follow" whenever the read was not tiny.
                mayHaveMore = read >= Math.Min(buffer.Length, 16 * 1024);
                if (upstream) connection.AddUp(read); else connection.AddDown(read);
                idle.Touch(connection);
                if (rate is not null) await rate.WaitAsync(read, cancellationToken).ConfigureAwait(false);

                reading = false;
                // Encrypting bulk data on the socket event thread (inline completions) would serialize every TLS
                // connection's AES-GCM there; move to the thread pool first (see TunnelOffloadStream).
                if (destination.Tls is not null && read >= TunnelOffloadStream.BulkThreshold && !Thread.CurrentThread.IsThreadPoolThread) await Task.Yield();
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return CopyResult.Canceled;
        }
        catch (ObjectDisposedException)
        {
            return CopyResult.Canceled;
        }
        // OpenSSL failures surface as CryptographicException (e.g. "application data after close notify"); one that escaped
        // here left the other copy unawaited and the sockets closed with a FIN, i.e. a silently truncated stream.
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException
            or System.Security.Cryptography.CryptographicException)
        {
            connection.MarkClosedBy(client: reading == upstream);
            return reading ? CopyResult.SourceError : CopyResult.DestinationError;
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
