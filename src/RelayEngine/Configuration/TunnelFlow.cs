namespace RelayEngine.Configuration;

/// <summary>
/// Which way user connections travel through a tunnel; the server decides (NodePass <c>mode</c> on <c>server://</c>) and
/// tells the client in the handshake. Numeric values are NodePass's mode numbers.
/// </summary>
public enum TunnelFlow
{
    /// <summary>
    /// NodePass <c>mode=0</c>: the server tries to bind its target address; if that works the flow is
    /// <see cref="Reverse"/>, otherwise <see cref="Forward"/>.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// NodePass <c>mode=1</c>, "server receives": the server listens on its target address (the public port, TCP and UDP);
    /// each connection travels to the client, which dials its own target(s). Exposes a service behind NAT.
    /// </summary>
    Reverse = 1,

    /// <summary>
    /// NodePass <c>mode=2</c>, "server sends": the client listens on its target address (TCP and UDP); each connection
    /// travels to the server, which dials its target(s). Reaches a service only the server can see.
    /// </summary>
    Forward = 2,
}
