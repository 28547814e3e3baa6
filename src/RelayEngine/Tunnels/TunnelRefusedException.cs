namespace RelayEngine.Tunnels;

/// <summary>The other end refused a handshake (or failed to prove the key); <see cref="Reason"/> says why.</summary>
internal sealed class TunnelRefusedException(TunnelRefusalReason reason, string message) : Exception(message)
{
    public TunnelRefusalReason Reason { get; } = reason;
}
