namespace RelayEngine.Configuration;

/// <summary>The transport a relay forwards.</summary>
public enum RelayProtocol
{
    Tcp,
    Udp,
}
