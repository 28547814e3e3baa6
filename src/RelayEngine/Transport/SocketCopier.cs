using System.Buffers;
using System.Net.Sockets;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>
/// Copies one direction of a TCP relay (YARP's StreamCopier shape, on raw sockets so half-close works). Never throws:
/// returns how it ended. A FIN from the source becomes <c>Shutdown(Send)</c> on the destination, and the other direction
/// carries on. The caller closes both sockets once both directions have returned.
/// </summary>
internal static class SocketCopier
{
    // Why 16: with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 this loop runs on a socket event thread, and during a
    // bulk transfer every receive and send can complete synchronously, so the loop would never give the thread back to the
    // other sockets it serves. After 16 full buffers in a row (1 MiB at 64 KiB) it yields to the thread pool once; at
    // 10 Gbit/s that is ~1,200 yields/s; iperf3 through Relay stayed at or above haproxy with it (bench/run-vs-peers.sh).
    private const int FullReadsBeforeYield = 16;

    // Why a small buffer between bursts: a wait for data is a read into this buffer, one recv when the data comes. A
    // zero-byte read (YARP, Kestrel) holds no buffer while it waits but costs a second recv per wait; on short
    // connections (wrk Connection: close through `relay serve`) that was 4 of the ~33 syscalls per connection. 4 KiB
    // per direction keeps 1,000 idle connections at 8 MiB of buffers. A read that fills it switches to the full-size
    // buffer for the burst that follows.
    internal const int WaitBufferSize = 4 * 1024;

    public static async Task<(CopyResult Result, SocketError Error)> CopyAsync(
        Socket source, Socket destination, ConnectionState connection, bool upstream, IdleTimer idle, int bufferSize, CancellationToken cancellationToken)
    {
        byte[]? buffer = null;
        var reading = true;
        var fullReads = 0;
        try
        {
            while (true)
            {
                reading = true;
                // Idle (the last read drained the socket): wait with the small buffer. In a burst: the full-size one.
                // Compared by length, not equality: the pool rounds sizes up to a power of two.
                var size = fullReads == 0 ? Math.Min(WaitBufferSize, bufferSize) : bufferSize;
                if (buffer is not null && (buffer.Length < size || (fullReads == 0 && buffer.Length > WaitBufferSize)))
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
                if (fullReads > 0 && fullReads % FullReadsBeforeYield == 0)
                {
                    await Task.Yield();
                }
                buffer ??= ArrayPool<byte>.Shared.Rent(size);

                var read = await source.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    reading = false;
                    // Before the FIN is passed on, so the far side can't win the race. When the other direction has
                    // already ended with a FIN, the caller's close sends this one (nothing unread remains on that socket,
                    // so close() sends FIN, not RST) and the shutdown would be a redundant syscall.
                    if (connection.MarkClosedBy(client: upstream))
                    {
                        try { destination.Shutdown(SocketShutdown.Send); } catch (SocketException) { } catch (ObjectDisposedException) { }
                    }
                    return (CopyResult.Completed, SocketError.Success);
                }
                fullReads = read == buffer.Length ? fullReads + 1 : 0;

                if (upstream) connection.AddUp(read); else connection.AddDown(read);
                idle.Touch(connection);

                reading = false;
                var sent = 0;
                while (sent < read)
                {
                    sent += await destination.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return (CopyResult.Canceled, SocketError.OperationAborted);
        }
        catch (SocketException ex)
        {
            // A read error is the source's doing; a write error the destination's. Upstream copies read from the client.
            connection.MarkClosedBy(client: reading == upstream);
            return (reading ? CopyResult.SourceError : CopyResult.DestinationError, ex.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            return (CopyResult.Canceled, SocketError.OperationAborted);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
