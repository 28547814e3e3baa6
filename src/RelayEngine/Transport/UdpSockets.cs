using System.Net;
using System.Net.Sockets;

namespace RelayEngine.Transport;

/// <summary>Creates and configures the sockets of a UDP relay: the listening socket (unicast or multicast group) and upstreams.</summary>
internal static class UdpSockets
{
    // Windows reports an ICMP port unreachable for an earlier SendTo as WSAECONNRESET on the next ReceiveFrom of an
    // unconnected socket, which would look like a failure of the whole listener. SIO_UDP_CONNRESET turns that off.
    private const int SioUdpConnReset = -1744830452;

    // Linux delivers datagrams for every group joined by any socket of the host to a socket bound to the port unless
    // IP_MULTICAST_ALL / IPV6_MULTICAST_ALL is cleared; a multicast relay should only see its own group.
    private const int IpMulticastAll = 49;
    private const int Ipv6MulticastAll = 29;
    private const int IpProtoIp = 0;
    private const int IpProtoIpv6 = 41;

    /// <summary>Hop limit for datagrams sent to a multicast target: link-local, the operating system's usual default.</summary>
    public const int MulticastTimeToLive = 1;

    /// <summary>True for IPv4 224.0.0.0/4 and IPv6 ff00::/8.</summary>
    public static bool IsMulticast(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => (address.GetAddressBytes()[0] & 0xF0) == 0xE0,
        AddressFamily.InterNetworkV6 => address.IsIPv6Multicast,
        _ => false,
    };

    /// <summary>
    /// Binds the relay's listen address. A multicast group binds its port on the any-address (shared, ReuseAddress) and
    /// joins the group: IPv4 on <paramref name="multicastInterface"/> (or the default interface), IPv6 on the group's
    /// scope id (<c>[ff02::1:3%1]:5000</c>, or the default interface). Throws <see cref="RelayBindException"/>.
    /// </summary>
    public static Socket BindListener(IPEndPoint listen, IPAddress? multicastInterface, out IPEndPoint bound)
    {
        var multicast = IsMulticast(listen.Address);
        var socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (OperatingSystem.IsWindows()) socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            if (!multicast)
            {
                socket.Bind(listen);
                bound = (IPEndPoint)socket.LocalEndPoint!;
                return socket;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            var any = listen.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
            socket.Bind(new IPEndPoint(any, listen.Port));
            bound = new IPEndPoint(listen.Address, ((IPEndPoint)socket.LocalEndPoint!).Port);
            JoinGroup(socket, listen.Address, multicastInterface, bound);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new RelayBindException(DescribeBindError(listen, e), e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A socket for one target. Unicast targets get a connected socket (ICMP errors then surface, and only the target's
    /// replies are received). Multicast targets get an unconnected one, since replies come from members' own addresses.
    /// </summary>
    public static Socket CreateUpstream(IPEndPoint target, IPAddress? multicastInterface)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (!IsMulticast(target.Address))
            {
                socket.Connect(target);
                return socket;
            }
            if (target.AddressFamily == AddressFamily.InterNetwork)
            {
                // Binding to the interface's address also makes it the source of the datagrams (and of members' replies).
                var local = multicastInterface?.AddressFamily == AddressFamily.InterNetwork ? multicastInterface : IPAddress.Any;
                socket.Bind(new IPEndPoint(local, 0));
                if (!local.Equals(IPAddress.Any))
                {
                    socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(local.GetAddressBytes(), 0));
                }
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, MulticastTimeToLive);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, true);
            }
            else
            {
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, 0));
                if (target.Address.ScopeId != 0)
                {
                    socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, (int)target.Address.ScopeId);
                }
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, MulticastTimeToLive);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastLoopback, true);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The message shown to the user when the listen address cannot be bound (the TCP listener's sentences, see <see cref="BindErrors"/>).</summary>
    public static string DescribeBindError(IPEndPoint listen, SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported =>
            $"{(listen.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} is not available on this machine, so {listen} cannot be bound.",
        _ => BindErrors.Describe(listen, e),
    };

    private static void JoinGroup(Socket socket, IPAddress group, IPAddress? multicastInterface, IPEndPoint bound)
    {
        try
        {
            if (group.AddressFamily == AddressFamily.InterNetwork)
            {
                var option = multicastInterface?.AddressFamily == AddressFamily.InterNetwork
                    ? new MulticastOption(group, multicastInterface)
                    : new MulticastOption(group);
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, option);
                TrySetRaw(socket, IpProtoIp, IpMulticastAll);
            }
            else
            {
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(group, group.ScopeId));
                TrySetRaw(socket, IpProtoIpv6, Ipv6MulticastAll);
            }
        }
        catch (SocketException e)
        {
            var where = multicastInterface is null ? "the default interface" : $"the interface of {multicastInterface}";
            throw new RelayBindException($"Cannot join multicast group {group} on {where} for {bound}: {e.Message}", e);
        }
    }

    private static void TrySetRaw(Socket socket, int level, int name)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            socket.SetRawSocketOption(level, name, [0, 0, 0, 0]);
        }
        catch (SocketException)
        {
            // Older kernels lack the option; the relay then also sees other groups' datagrams on its port, which is harmless.
        }
    }
}
