using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace RelayWeb.UnitTests.Engine.Infrastructure;

/// <summary>
/// A fact that needs multicast datagrams of one address family to travel over the loopback interface. Tests may not send
/// multicast anywhere else, and routes may not be added, so where the kernel has no multicast route on loopback (typical
/// for IPv6: <c>ff00::/8</c> is routed only on the real interfaces) the test is skipped with the reason.
/// The probe only connects a UDP socket (a route lookup); it sends nothing.
/// </summary>
public sealed class LoopbackMulticastFactAttribute : FactAttribute
{
    public LoopbackMulticastFactAttribute(AddressFamily family)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Loopback multicast tests bind group addresses, which only Linux allows.";
            return;
        }
        if (ProbeError(family) is { } error)
        {
            Skip = family == AddressFamily.InterNetworkV6
                ? $"The kernel has no IPv6 multicast route on the loopback interface ({error}); adding one is not allowed in tests."
                : $"The kernel cannot send IPv4 multicast through the loopback interface ({error}).";
        }
    }

    /// <summary>The loopback interface's index for IPv6 multicast (scope id of <c>ff02::</c> groups in tests).</summary>
    public static int Ipv6LoopbackIndex => NetworkInterface.IPv6LoopbackInterfaceIndex;

    private static SocketError? ProbeError(AddressFamily family)
    {
        try
        {
            using var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
            if (family == AddressFamily.InterNetwork)
            {
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, BitConverter.ToInt32(IPAddress.Loopback.GetAddressBytes(), 0));
                socket.Connect(new IPEndPoint(IPAddress.Parse("239.255.0.1"), 9));
            }
            else
            {
                socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastInterface, Ipv6LoopbackIndex);
                socket.Connect(new IPEndPoint(IPAddress.Parse($"ff02::114%{Ipv6LoopbackIndex}"), 9));
            }
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }
}
