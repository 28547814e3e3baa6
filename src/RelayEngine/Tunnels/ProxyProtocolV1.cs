using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RelayEngine.Tunnels;

/// <summary>
/// The PROXY protocol v1 header (haproxy.org proxy-protocol.txt §2.1) that NodePass's <c>proxy=1</c> sends to the target
/// before any data: <c>PROXY TCP4 src dst sport dport\r\n</c>, or <c>PROXY UNKNOWN\r\n</c> when the addresses are not
/// both IPv4 or both IPv6. IPv4-mapped IPv6 addresses are written as IPv4.
/// </summary>
public static class ProxyProtocolV1
{
    public static byte[] Header(string source, string destination)
    {
        if (!IPEndPoint.TryParse(source, out var src) || !IPEndPoint.TryParse(destination, out var dst)) return "PROXY UNKNOWN\r\n"u8.ToArray();
        var s = src.Address.IsIPv4MappedToIPv6 ? src.Address.MapToIPv4() : src.Address;
        var d = dst.Address.IsIPv4MappedToIPv6 ? dst.Address.MapToIPv4() : dst.Address;
        if (s.AddressFamily != d.AddressFamily) return "PROXY UNKNOWN\r\n"u8.ToArray();
        var family = s.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
        return Encoding.ASCII.GetBytes($"PROXY {family} {s} {d} {src.Port} {dst.Port}\r\n");
    }
}
