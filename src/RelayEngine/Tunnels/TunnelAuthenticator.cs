using System.Security.Cryptography;
using System.Text;
using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

/// <summary>
/// The key proofs of the handshake (<see cref="TunnelProtocol"/>): HMAC-SHA256 keyed with the tunnel key over a transcript
/// of both nonces, the connection kind, the TLS mode, the session and the server certificate's SHA-256. Stateless;
/// comparisons are constant-time.
/// </summary>
internal sealed class TunnelAuthenticator
{
    private readonly byte[] _key;

    public TunnelAuthenticator(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _key = Encoding.UTF8.GetBytes(key);
    }

    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(TunnelProtocol.NonceSize);

    /// <summary>The client's proof for a <see cref="TunnelHello"/>.</summary>
    public byte[] ClientMac(in TunnelTranscript transcript) => Mac(TunnelProtocol.ClientLabel, transcript);

    /// <summary>The server's proof for a <see cref="TunnelWelcome"/> or an Accepted frame.</summary>
    public byte[] ServerMac(in TunnelTranscript transcript) => Mac(TunnelProtocol.ServerLabel, transcript);

    public bool VerifyClient(in TunnelTranscript transcript, ReadOnlySpan<byte> mac) =>
        mac.Length == TunnelProtocol.MacSize && CryptographicOperations.FixedTimeEquals(ClientMac(transcript), mac);

    public bool VerifyServer(in TunnelTranscript transcript, ReadOnlySpan<byte> mac) =>
        mac.Length == TunnelProtocol.MacSize && CryptographicOperations.FixedTimeEquals(ServerMac(transcript), mac);

    private byte[] Mac(byte[] label, in TunnelTranscript transcript)
    {
        Span<byte> data = stackalloc byte[64 + 2 + 2 * TunnelProtocol.NonceSize + 16 + TunnelProtocol.FingerprintSize];
        var length = transcript.Write(label, data);
        return HMACSHA256.HashData(_key, data[..length]);
    }
}

/// <summary>What both ends of one connection's handshake sign. The fingerprint is zeros without TLS.</summary>
internal readonly record struct TunnelTranscript(TunnelConnectionKind Kind, TunnelTlsMode Tls, byte[] ServerNonce, byte[] ClientNonce, Guid Session, byte[]? CertificateFingerprint)
{
    public int Write(byte[] label, Span<byte> destination)
    {
        var at = 0;
        label.CopyTo(destination);
        at += label.Length;
        destination[at++] = (byte)Kind;
        destination[at++] = (byte)Tls;
        ServerNonce.CopyTo(destination[at..]);
        at += TunnelProtocol.NonceSize;
        ClientNonce.CopyTo(destination[at..]);
        at += TunnelProtocol.NonceSize;
        Session.TryWriteBytes(destination.Slice(at, 16));
        at += 16;
        var fingerprint = destination.Slice(at, TunnelProtocol.FingerprintSize);
        if (CertificateFingerprint is { Length: TunnelProtocol.FingerprintSize } fp) fp.CopyTo(fingerprint);
        else fingerprint.Clear();
        return at + TunnelProtocol.FingerprintSize;
    }
}
