using System.Net;
using RelayEngine.Transport.Epoll;

namespace RelayWeb.UnitTests.Engine;

public sealed class EpollNativeTests
{
    [Theory]
    [InlineData("127.0.0.1", 80, 16)]
    [InlineData("10.1.2.3", 65535, 16)]
    [InlineData("::1", 15301, 28)]
    [InlineData("fe80::1%7", 443, 28)]
    public void SockAddr_WrittenThenRead_IsTheSameEndPointAndTheKernelsLength(string address, int port, int expectedLength)
    {
        // Arrange
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        Span<byte> buffer = stackalloc byte[32];

        // Act
        var length = EpollNative.WriteSockAddr(endPoint, buffer);
        var read = EpollNative.ReadSockAddr(buffer);

        // Assert
        Assert.Equal((uint)expectedLength, length);
        Assert.Equal(endPoint, read);
        if (endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) Assert.Equal(endPoint.Address.ScopeId, read!.Address.ScopeId);
    }

    [Fact]
    public void SockAddr_Ipv4MappedTarget_IsWrittenAsIpv4()
    {
        // Arrange: a target given as ::ffff:127.0.0.1 is connected over an AF_INET socket.
        var endPoint = new IPEndPoint(IPAddress.Parse("::ffff:127.0.0.1"), 8080);
        Span<byte> buffer = stackalloc byte[32];

        // Act
        var length = EpollNative.WriteSockAddr(endPoint, buffer);

        // Assert
        Assert.Equal(16u, length);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), EpollNative.ReadSockAddr(buffer));
    }

    [Fact]
    public void SockAddr_PortIsInNetworkOrder()
    {
        // Arrange
        Span<byte> buffer = stackalloc byte[32];

        // Act
        EpollNative.WriteSockAddr(new IPEndPoint(IPAddress.Loopback, 0x1234), buffer);

        // Assert: sin_port is big-endian, sin_family host order (2 = AF_INET)
        Assert.Equal(new byte[] { 2, 0, 0x12, 0x34, 127, 0, 0, 1 }, buffer[..8].ToArray());
    }

    [Theory]
    [InlineData(111, "ConnectionRefused")]
    [InlineData(110, "TimedOut")]
    [InlineData(113, "HostUnreachable")]
    public void DescribeErrno_NamesTheSocketErrorAsTheSocketsPathLogsIt(int errno, string expected) =>
        Assert.Equal(expected, EpollNative.DescribeErrno(errno));
}
