using System.Buffers;
using System.IO.Pipelines;

namespace RelayEngine.Tunnels;

/// <summary>
/// UDP over a data connection: each datagram is one <see cref="TunnelFrameType.Datagram"/> frame. Writing sends header and
/// payload in one write; reading parses frames from a <see cref="PipeReader"/> with <see cref="TunnelFrameReader"/>.
/// </summary>
internal static class TunnelDatagrams
{
    /// <summary>Writes one datagram frame. The caller is the only writer of <paramref name="stream"/>.</summary>
    public static async ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(TunnelProtocol.HeaderSize + datagram.Length);
        try
        {
            TunnelFrameWriter.WriteHeader(frame, TunnelFrameType.Datagram, datagram.Length);
            datagram.Span.CopyTo(frame.AsSpan(TunnelProtocol.HeaderSize));
            await stream.WriteAsync(frame.AsMemory(0, TunnelProtocol.HeaderSize + datagram.Length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    /// <summary>A reader for datagram frames on <paramref name="stream"/> (left open; the data connection owns it).</summary>
    public static PipeReader CreateReader(Stream stream) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));

    /// <summary>
    /// Calls <paramref name="onDatagram"/> for every datagram until the stream ends. Returns <see cref="TunnelFrameReadResult.Frame"/>
    /// at a clean end, <see cref="TunnelFrameReadResult.TooLarge"/> on a protocol error (an oversized or foreign frame, or a
    /// truncated one). I/O errors and cancellation propagate.
    /// </summary>
    public static async Task<TunnelFrameReadResult> ReadAllAsync(PipeReader reader, Func<ReadOnlyMemory<byte>, ValueTask> onDatagram, CancellationToken cancellationToken)
    {
        byte[]? scratch = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (true)
                {
                    var read = TunnelFrameReader.TryRead(ref buffer, TunnelProtocol.MaxDatagram, out var type, out var payload);
                    if (read == TunnelFrameReadResult.TooLarge || (read == TunnelFrameReadResult.Frame && type != TunnelFrameType.Datagram))
                    {
                        reader.AdvanceTo(buffer.Start);
                        return TunnelFrameReadResult.TooLarge;
                    }
                    if (read == TunnelFrameReadResult.Incomplete) break;
                    if (payload.IsSingleSegment)
                    {
                        await onDatagram(payload.First).ConfigureAwait(false);
                    }
                    else
                    {
                        scratch ??= new byte[TunnelProtocol.MaxDatagram];
                        payload.CopyTo(scratch);
                        await onDatagram(scratch.AsMemory(0, (int)payload.Length)).ConfigureAwait(false);
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return buffer.IsEmpty ? TunnelFrameReadResult.Frame : TunnelFrameReadResult.TooLarge;
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }
}
