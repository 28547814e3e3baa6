using System.Buffers;

namespace RelayEngine.Tunnels;

/// <summary>Writes tunnel frames (<see cref="TunnelProtocol"/>): a 4-byte header then the payload.</summary>
internal static class TunnelFrameWriter
{
    /// <summary>Writes the 4-byte header for a payload of <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(Span<byte> destination, TunnelFrameType type, int length)
    {
        if ((uint)length > TunnelProtocol.MaxPayload) throw new ArgumentOutOfRangeException(nameof(length));
        destination[0] = (byte)type;
        destination[1] = (byte)(length >> 16);
        destination[2] = (byte)(length >> 8);
        destination[3] = (byte)length;
    }

    /// <summary>Appends one whole frame to <paramref name="writer"/> (a <see cref="System.IO.Pipelines.PipeWriter"/> or an array writer).</summary>
    public static void Write(IBufferWriter<byte> writer, TunnelFrameType type, ReadOnlySpan<byte> payload)
    {
        var span = writer.GetSpan(TunnelProtocol.HeaderSize + payload.Length);
        WriteHeader(span, type, payload.Length);
        payload.CopyTo(span[TunnelProtocol.HeaderSize..]);
        writer.Advance(TunnelProtocol.HeaderSize + payload.Length);
    }

    /// <summary>One whole frame as a new array (handshake frames, written to a stream at once).</summary>
    public static byte[] ToArray(TunnelFrameType type, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[TunnelProtocol.HeaderSize + payload.Length];
        WriteHeader(frame, type, payload.Length);
        payload.CopyTo(frame.AsSpan(TunnelProtocol.HeaderSize));
        return frame;
    }
}
