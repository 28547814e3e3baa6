namespace RelayEngine.Transport;

/// <summary>
/// A client refused by the relay's session limit. Kept while it keeps sending so that a burst of refused datagrams is
/// recorded once and admission is retried at most once per interval (not once per datagram).
/// </summary>
internal sealed class UdpRefusedClient(long now)
{
    private long _lastSeen = now;
    private long _lastAttempt = now;

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the latest datagram from the client.</summary>
    public long LastSeen { get => Volatile.Read(ref _lastSeen); set => Volatile.Write(ref _lastSeen, value); }

    /// <summary>Timestamp of the latest admission attempt.</summary>
    public long LastAttempt { get => Volatile.Read(ref _lastAttempt); set => Volatile.Write(ref _lastAttempt, value); }
}
