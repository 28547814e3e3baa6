using System.Buffers;
using System.Net.Sockets;
using RelayEngine.Connections;

namespace RelayEngine.Transport;

/// <summary>
/// Copies one direction of a TCP relay (YARP's StreamCopier shape, on raw sockets so half-close works). Never throws:
/// returns how it ended. A FIN from the source becomes <c>Shutdown(Send)</c> on the destination, and the other direction
/// carries on.
/// </summary>
internal static class SocketCopier
{
    // Why 16: with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 this loop runs on a socket event thread, and during a
    // bulk transfer every receive and send can complete synchronously, so the loop would never give the thread back to the
    // other sockets it serves. After 16 full buffers in a row (1 MiB at 64 KiB) it yields to the thread pool once; at
    // 10 Gbit/s that is ~1,200 yields/s; iperf3 through Relay stayed at or above haproxy with it (bench/run-vs-peers.sh).
    private const int FullReadsBeforeYield = 16;

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
                if (fullReads == 0)
                {
                    // The last read drained the socket, so the connection is probably idle: wait for data without holding a
                    // pooled buffer (YARP, Kestrel). 1,000 idle connections then cost no buffer memory. During a bulk
                    // transfer (full reads) this is skipped, saving a syscall per read.
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                    await source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }
                else if (fullReads % FullReadsBeforeYield == 0)
                {
                    await Task.Yield();
                }
                buffer ??= ArrayPool<byte>.Shared.Rent(bufferSize);

                var read = await source.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    reading = false;
                    connection.MarkClosedBy(client: upstream); // before the FIN is passed on, so the far side can't win the race
                    try { destination.Shutdown(SocketShutdown.Send); } catch (SocketException) { } catch (ObjectDisposedException) { }
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
