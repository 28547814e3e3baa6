using System.Buffers;

namespace RelayEngine.Tunnels;

/// <summary>
/// Parses tunnel frames (<see cref="TunnelProtocol"/>) from a <see cref="ReadOnlySequence{T}"/> with a
/// <see cref="SequenceReader{T}"/>, so a frame split across pipe segments needs no copy; and reads single frames off a
/// stream with exact reads where nothing may be read past the frame (before TLS starts, before a data connection turns raw).
/// </summary>
internal static class TunnelFrameReader
{
    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>. On <see cref="TunnelFrameReadResult.Frame"/>,
    /// <paramref name="payload"/> slices the original buffer (valid until the pipe is advanced) and <paramref name="buffer"/>
    /// is moved past the frame; otherwise both are left alone.
    /// </summary>
    public static TunnelFrameReadResult TryRead(ref ReadOnlySequence<byte> buffer, int maxPayload, out TunnelFrameType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        var reader = new SequenceReader<byte>(buffer);
        Span<byte> header = stackalloc byte[TunnelProtocol.HeaderSize];
        if (!reader.TryCopyTo(header)) return TunnelFrameReadResult.Incomplete;
        var length = ParseHeader(header, out type);
        if (length > maxPayload) return TunnelFrameReadResult.TooLarge;
        reader.Advance(TunnelProtocol.HeaderSize);
        if (reader.Remaining < length) return TunnelFrameReadResult.Incomplete;
        payload = buffer.Slice(reader.Position, length);
        buffer = buffer.Slice(payload.End);
        return TunnelFrameReadResult.Frame;
    }

    /// <summary>The payload length in a 4-byte header, and its type.</summary>
    public static int ParseHeader(ReadOnlySpan<byte> header, out TunnelFrameType type)
    {
        type = (TunnelFrameType)header[0];
        return (header[1] << 16) | (header[2] << 8) | header[3];
    }

    /// <summary>
    /// Reads exactly one frame from <paramref name="stream"/>: the header, then the payload, never a byte more. Returns null
    /// at a clean end of stream before the header; throws <see cref="InvalidDataException"/> for an oversized frame and
    /// <see cref="EndOfStreamException"/> for a truncated one.
    /// </summary>
    public static async ValueTask<(TunnelFrameType Type, byte[] Payload)?> ReadOneAsync(Stream stream, int maxPayload, CancellationToken cancellationToken)
    {
        var header = new byte[TunnelProtocol.HeaderSize];
        var first = await stream.ReadAsync(header.AsMemory(0, TunnelProtocol.HeaderSize), cancellationToken).ConfigureAwait(false);
        if (first == 0) return null;
        if (first < header.Length) await stream.ReadExactlyAsync(header.AsMemory(first), cancellationToken).ConfigureAwait(false);
        var length = ParseHeader(header, out var type);
        if (length > maxPayload) throw new InvalidDataException($"Tunnel frame {type} of {length} bytes exceeds {maxPayload}.");
        var payload = length == 0 ? [] : new byte[length];
        if (length > 0) await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        return (type, payload);
    }
}
