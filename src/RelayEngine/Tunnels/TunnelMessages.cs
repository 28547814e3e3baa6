using System.Buffers.Binary;
using System.Text;
using RelayEngine.Configuration;

namespace RelayEngine.Tunnels;

// The handshake and signalling messages of TunnelProtocol v1. Each encodes to a payload (ToPayload) and parses from one
// (TryParse, false on a malformed payload). Kept together: they are the wire format, read side by side.

/// <summary>Server → client, clear text: who we are, which TLS mode follows, and the server's challenge nonce.</summary>
internal readonly record struct TunnelGreeting(byte Version, TunnelTlsMode Tls, byte[] Nonce)
{
    public const int Size = 4 + 1 + 1 + TunnelProtocol.NonceSize;

    public byte[] ToPayload()
    {
        var payload = new byte[Size];
        TunnelProtocol.Magic.CopyTo(payload);
        payload[4] = Version;
        payload[5] = (byte)Tls;
        Nonce.CopyTo(payload, 6);
        return payload;
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out TunnelGreeting greeting)
    {
        greeting = default;
        if (payload.Length != Size || !payload[..4].SequenceEqual(TunnelProtocol.Magic)) return false;
        greeting = new TunnelGreeting(payload[4], (TunnelTlsMode)payload[5], payload[6..].ToArray());
        return true;
    }
}

/// <summary>Client → server: the kind of connection, the client nonce, the session (data connections) and the client's proof.</summary>
internal readonly record struct TunnelHello(TunnelConnectionKind Kind, byte[] Nonce, Guid Session, byte[] Mac)
{
    public const int Size = 1 + TunnelProtocol.NonceSize + 16 + TunnelProtocol.MacSize;

    public byte[] ToPayload()
    {
        var payload = new byte[Size];
        payload[0] = (byte)Kind;
        Nonce.CopyTo(payload, 1);
        Session.TryWriteBytes(payload.AsSpan(1 + TunnelProtocol.NonceSize, 16));
        Mac.CopyTo(payload, 1 + TunnelProtocol.NonceSize + 16);
        return payload;
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out TunnelHello hello)
    {
        hello = default;
        if (payload.Length != Size) return false;
        var kind = (TunnelConnectionKind)payload[0];
        if (kind is not (TunnelConnectionKind.Control or TunnelConnectionKind.Data)) return false;
        hello = new TunnelHello(kind, payload.Slice(1, TunnelProtocol.NonceSize).ToArray(),
            new Guid(payload.Slice(1 + TunnelProtocol.NonceSize, 16)), payload[(1 + TunnelProtocol.NonceSize + 16)..].ToArray());
        return true;
    }
}

/// <summary>Server → client on a control connection: the server's proof and what the client must know to run its end.</summary>
internal readonly record struct TunnelWelcome(byte[] Mac, Guid Session, TunnelFlow Flow, int MaxPool, int HeartbeatMilliseconds)
{
    public const int Size = TunnelProtocol.MacSize + 16 + 1 + 4 + 4;

    public byte[] ToPayload()
    {
        var payload = new byte[Size];
        Mac.CopyTo(payload, 0);
        Session.TryWriteBytes(payload.AsSpan(32, 16));
        payload[48] = (byte)Flow;
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(49), MaxPool);
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(53), HeartbeatMilliseconds);
        return payload;
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out TunnelWelcome welcome)
    {
        welcome = default;
        if (payload.Length != Size) return false;
        var flow = (TunnelFlow)payload[48];
        if (flow is not (TunnelFlow.Reverse or TunnelFlow.Forward)) return false;
        welcome = new TunnelWelcome(payload[..32].ToArray(), new Guid(payload.Slice(32, 16)), flow,
            BinaryPrimitives.ReadInt32BigEndian(payload[49..]), BinaryPrimitives.ReadInt32BigEndian(payload[53..]));
        return welcome.MaxPool > 0 && welcome.HeartbeatMilliseconds > 0;
    }
}

/// <summary>Either way: why the connection ends, with a short human message.</summary>
internal readonly record struct TunnelRefusal(TunnelRefusalReason Reason, string Message)
{
    public byte[] ToPayload()
    {
        var text = Encoding.UTF8.GetBytes(Message.Length > 200 ? Message[..200] : Message);
        var payload = new byte[1 + text.Length];
        payload[0] = (byte)Reason;
        text.CopyTo(payload, 1);
        return payload;
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out TunnelRefusal refusal)
    {
        refusal = default;
        if (payload.Length < 1) return false;
        refusal = new TunnelRefusal((TunnelRefusalReason)payload[0], Encoding.UTF8.GetString(payload[1..]));
        return true;
    }
}

/// <summary>
/// First frame on a pooled data connection put to use: the network, the opener's connection id, the user's address (for
/// the ledger and the PROXY header) and the address the user reached at the opening end.
/// </summary>
internal readonly record struct TunnelOpen(TunnelNetwork Network, Guid ConnectionId, string Source, string Listen)
{
    public byte[] ToPayload()
    {
        var source = Encoding.UTF8.GetBytes(Source);
        var listen = Encoding.UTF8.GetBytes(Listen);
        if (source.Length > 255 || listen.Length > 255) throw new ArgumentException("Address too long for an Open frame.");
        var payload = new byte[1 + 16 + 1 + source.Length + 1 + listen.Length];
        payload[0] = (byte)Network;
        ConnectionId.TryWriteBytes(payload.AsSpan(1, 16));
        payload[17] = (byte)source.Length;
        source.CopyTo(payload, 18);
        payload[18 + source.Length] = (byte)listen.Length;
        listen.CopyTo(payload, 19 + source.Length);
        return payload;
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out TunnelOpen open)
    {
        open = default;
        if (payload.Length < 19) return false;
        var network = (TunnelNetwork)payload[0];
        if (network is not (TunnelNetwork.Tcp or TunnelNetwork.Udp)) return false;
        var sourceLength = payload[17];
        if (payload.Length < 19 + sourceLength) return false;
        var listenLength = payload[18 + sourceLength];
        if (payload.Length != 19 + sourceLength + listenLength) return false;
        open = new TunnelOpen(network, new Guid(payload.Slice(1, 16)),
            Encoding.UTF8.GetString(payload.Slice(18, sourceLength)), Encoding.UTF8.GetString(payload.Slice(19 + sourceLength, listenLength)));
        return true;
    }
}
