using System.Security.Cryptography;

namespace RelayEngine.Tunnels;

/// <summary>Tunnel keys: generated from a CSPRNG, never derived from a port or an address (NodePass's weak default).</summary>
public static class TunnelKeys
{
    /// <summary>A new key: 24 random bytes as 32 URL-safe base64 characters (fits in a URL's user-info unescaped).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
