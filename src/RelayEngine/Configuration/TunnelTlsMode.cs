namespace RelayEngine.Configuration;

/// <summary>TLS between the two ends of a tunnel (NodePass <c>tls</c>); set on the server, learned by the client.</summary>
public enum TunnelTlsMode
{
    /// <summary><c>tls=0</c>: plain TCP. The key still authenticates every connection (HMAC challenge), but traffic is readable.</summary>
    None = 0,

    /// <summary><c>tls=1</c>: a self-signed certificate generated when the server starts.</summary>
    SelfSigned = 1,

    /// <summary><c>tls=2</c>: the certificate and key in <see cref="TunnelConfig.CertificatePath"/> and <see cref="TunnelConfig.PrivateKeyPath"/>, reloaded when the files change.</summary>
    Certificate = 2,
}
