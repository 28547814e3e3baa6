namespace RelayEngine.Tunnels;

/// <summary>What a data connection carries once opened. Wire values.</summary>
internal enum TunnelNetwork : byte
{
    /// <summary>A TCP connection: raw bytes both ways after the Open frame; FIN is passed on (half-close kept).</summary>
    Tcp = 1,

    /// <summary>A UDP session: Datagram frames both ways after the Open frame.</summary>
    Udp = 2,
}
