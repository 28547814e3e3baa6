namespace RelayEngine.Tunnels;

/// <summary>Where a tunnel end is in its life. Serialized by name.</summary>
public enum TunnelStatus
{
    Starting,

    /// <summary>Server: listening on the tunnel address (and the public port in reverse flow), no client connected.</summary>
    WaitingForClient,

    /// <summary>Client: dialling the server or handshaking.</summary>
    Connecting,

    /// <summary>The control channel is up and authenticated; traffic flows.</summary>
    Connected,

    /// <summary>Client: the control channel was lost or refused; waiting (backoff with jitter) before the next attempt.</summary>
    Reconnecting,

    Stopping,
    Stopped,

    /// <summary>Cannot run (bind failed, invalid configuration, certificate unreadable); <see cref="TunnelSnapshot.StatusReason"/> says why.</summary>
    Faulted,
}
