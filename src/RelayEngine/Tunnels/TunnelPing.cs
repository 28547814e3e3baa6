using System.Buffers.Binary;

namespace RelayEngine.Tunnels;

/// <summary>
/// Heartbeat payload, echoed unchanged in the Pong: the sender's timestamp (for the round trip) and its pool figures
/// (so each end can show the other's: the server learns the client's pool target this way).
/// </summary>
internal readonly record struct TunnelPing(long Timestamp, int PoolIdle, int PoolTarget)
{
    public const int Size = 16;

    public byte[] ToPayload()
    {
        var payload = new byte[Size];
        BinaryPrimitives.WriteInt64BigEndian(payload, Timestamp);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(8), PoolIdle);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(12), PoolTarget);
        return payload;
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out TunnelPing ping)
    {
        ping = default;
        if (payload.Length != Size) return false;
        ping = new TunnelPing(BinaryPrimitives.ReadInt64BigEndian(payload), BinaryPrimitives.ReadInt32BigEndian(payload[8..]), BinaryPrimitives.ReadInt32BigEndian(payload[12..]));
        return true;
    }
}
