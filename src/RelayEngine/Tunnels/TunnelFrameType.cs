namespace RelayEngine.Tunnels;

/// <summary>The first byte of every tunnel frame. Values are part of the wire format: never renumber, only add.</summary>
internal enum TunnelFrameType : byte
{
    /// <summary>Server → client, in clear, first on every connection: magic, version, TLS mode, server nonce.</summary>
    Greeting = 1,

    /// <summary>Client → server: connection kind (control or data), client nonce, session id, HMAC proof of the key.</summary>
    Hello = 2,

    /// <summary>Server → client on a control connection: the server's HMAC proof, session id, flow, max pool, heartbeat.</summary>
    Welcome = 3,

    /// <summary>Server → client on a data connection: the server's HMAC proof; the connection is now an idle pool member.</summary>
    Accepted = 4,

    /// <summary>Either way, then close: why the handshake or session ended (<see cref="TunnelRefusal"/>).</summary>
    Refused = 5,

    /// <summary>Heartbeat on the control channel; carries the sender's timestamp, echoed in <see cref="Pong"/>.</summary>
    Ping = 6,

    /// <summary>Answer to <see cref="Ping"/> with the same payload: the sender measures the round trip.</summary>
    Pong = 7,

    /// <summary>Server → client: the server's pool ran short (misses or waiters); dial this many more data connections.</summary>
    PoolNeed = 8,

    /// <summary>First frame on a pooled data connection when it is put to use: network, connection id, user source and listen.</summary>
    Open = 9,

    /// <summary>One UDP datagram on a data connection carrying a UDP session.</summary>
    Datagram = 10,
}
