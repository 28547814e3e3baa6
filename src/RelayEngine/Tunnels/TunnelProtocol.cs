using System.Text;

namespace RelayEngine.Tunnels;

/// <summary>
/// Constants of the tunnel wire format (version 1). Every frame is a 4-byte header, <c>type:u8 length:u24</c> big-endian,
/// then the payload. Control and data connections use the same framing; after an <see cref="TunnelFrameType.Open"/> frame a
/// TCP data connection carries raw bytes, a UDP one carries <see cref="TunnelFrameType.Datagram"/> frames.
/// </summary>
/// <remarks>
/// Handshake, on every connection a client opens (control and data alike):
/// <code>
///  client                                      server
///    ──── TCP connect ──────────────────────────►
///    ◄─── Greeting(magic, v1, tls, nonceS) ────── (clear text)
///    ════ TLS handshake (tls=1/2) ══════════════  (client accepts any certificate; see below)
///    ──── Hello(kind, nonceC, session, macC) ───►  macC = HMAC-SHA256(key, "client" | transcript)
///    ◄─── Welcome(macS, session, flow, max, hb) ─  control; macS = HMAC-SHA256(key, "server" | transcript)
///    ◄─── Accepted(macS) ────────────────────────  data
///    ◄─── Refused(reason) + close ───────────────  wrong key, unknown session, too many failures
/// </code>
/// The transcript is kind, tls, nonceS, nonceC, session and the SHA-256 of the server certificate the client saw (zeros
/// without TLS). The key never travels; both ends prove it on every connection; a man in the middle that terminates TLS
/// with its own certificate changes the fingerprint and fails both proofs (channel binding), and a downgrade of the
/// clear-text TLS mode fails them too. That is the certificate pinning of tls=1: nothing to distribute, the key does it.
/// </remarks>
internal static class TunnelProtocol
{
    public const byte Version = 1;
    public const int HeaderSize = 4;
    public const int NonceSize = 32;
    public const int MacSize = 32;
    public const int FingerprintSize = 32;

    /// <summary>Largest payload accepted on a control connection or in a handshake frame.</summary>
    public const int MaxControlPayload = 16 * 1024;

    /// <summary>Largest datagram carried (the largest UDP payload over IPv6 is 65,527).</summary>
    public const int MaxDatagram = 65_535;

    /// <summary>Largest payload the 24-bit length can describe.</summary>
    public const int MaxPayload = 0xFF_FFFF;

    public static ReadOnlySpan<byte> Magic => "RLYT"u8;

    public static readonly byte[] ClientLabel = Encoding.ASCII.GetBytes("relay-tunnel/1 client");
    public static readonly byte[] ServerLabel = Encoding.ASCII.GetBytes("relay-tunnel/1 server");
}
