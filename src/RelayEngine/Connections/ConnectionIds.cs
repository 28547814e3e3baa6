using System.Buffers.Binary;

namespace RelayEngine.Connections;

/// <summary>
/// Ledger ids: RFC 9562 version 7 GUIDs (48-bit Unix-millisecond timestamp, then random bits), so ids sort by start time.
/// </summary>
internal static class ConnectionIds
{
    /// <summary>
    /// A version 7 GUID for <paramref name="startUtc"/>. Why not <see cref="Guid.CreateVersion7()"/>: on Linux it draws its
    /// random bits from the OS, one read() syscall per id, which was ~3% of the syscalls of a short connection through
    /// `relay serve`. Ledger ids must be unique, not unpredictable, so 74 bits from <see cref="Random.Shared"/> (per-thread
    /// xoshiro256**, randomly seeded per process) per millisecond are enough.
    /// </summary>
    public static Guid NewVersion7(DateTime startUtc)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)Random.Shared.NextInt64());
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], (ulong)Random.Shared.NextInt64());
        var milliseconds = (ulong)Math.Max(0, (startUtc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond);
        // Bytes 0-5: the timestamp, big-endian (RFC order, which Guid(bytes, bigEndian: true) keeps for ToString()).
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)milliseconds;
            milliseconds >>= 8;
        }
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70); // version 7
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(bytes, bigEndian: true);
    }
}
