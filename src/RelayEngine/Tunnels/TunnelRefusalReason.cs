namespace RelayEngine.Tunnels;

/// <summary>Why a connection or session was refused or ended (<see cref="TunnelFrameType.Refused"/>). Wire values.</summary>
public enum TunnelRefusalReason : byte
{
    /// <summary>Not sent on the wire; the connection simply ended.</summary>
    None = 0,

    /// <summary>The HMAC proof did not match: wrong tunnel key (or a man in the middle).</summary>
    BadKey = 1,

    /// <summary>A data connection named a session the server does not have (an old session, or the server restarted).</summary>
    UnknownSession = 2,

    /// <summary>Too many failed attempts from this address; try again later.</summary>
    Throttled = 3,

    /// <summary>A malformed or unexpected frame.</summary>
    ProtocolError = 4,

    /// <summary>A newer control connection with the right key took over this session.</summary>
    Replaced = 5,

    /// <summary>The end is stopping.</summary>
    ShuttingDown = 6,

    /// <summary>The server's pool is at <c>max</c>: no more data connections now.</summary>
    PoolFull = 7,
}
