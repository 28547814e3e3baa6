using System.Net;
using System.Net.Sockets;

namespace RelayEngine.Configuration;

/// <summary>A parsed <c>HOST:PORT</c> (host an IP literal or a DNS name).</summary>
public readonly record struct HostPort(string Host, int Port)
{
    public IPAddress? Address => IPAddress.TryParse(Host, out var ip) ? ip : null;

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Resolves to an endpoint: the literal, or the first address DNS returns (IPv4 preferred).</summary>
    public async ValueTask<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (Address is { } literal) return new IPEndPoint(literal, Port);
        var addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, Port);
    }
}
