namespace RelayEngine.Tunnels;

/// <summary>What a client asks a new connection to be, in its <see cref="TunnelHello"/>. Wire values.</summary>
internal enum TunnelConnectionKind : byte
{
    /// <summary>The control channel: signalling and heartbeats. One per session.</summary>
    Control = 1,

    /// <summary>A pooled data connection of an established session.</summary>
    Data = 2,
}
