namespace RelayEngine.Configuration;

/// <summary>Which end of a tunnel this node runs (NodePass's <c>server://</c> and <c>client://</c>).</summary>
public enum TunnelRole
{
    /// <summary>Listens on the tunnel address for the control channel and the pooled data connections; usually public.</summary>
    Server,

    /// <summary>Dials out to the server (works behind NAT), authenticates with the key and keeps the data-connection pool filled.</summary>
    Client,
}
