using System.Net;
using System.Net.Sockets;
using RelayEngine.Transport;
using RelayWeb.UnitTests.Engine.Infrastructure;

namespace RelayWeb.UnitTests.Engine;

/// <summary>
/// Multicast on the loopback interface only: the relay is told to use it (<see cref="UdpRelayListener.MulticastInterface"/>
/// = 127.0.0.1 for IPv4, scope id of the loopback interface for IPv6), and test sockets send through it explicitly.
/// </summary>
public sealed class UdpRelayListenerMulticastTests
{
    [LoopbackMulticastFact(AddressFamily.InterNetwork)]
    public async Task Listen_Ipv4MulticastGroup_DatagramSentToGroupIsRelayedAndAnswered()
    {
        // Arrange
        var group = UniqueIpv4Group();
        await using var echo = UdpEchoServer.Start(IPAddress.Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config($"{group}:0", [echo.EndPoint.ToString()]), multicastInterface: IPAddress.Loopback);
        var bound = harness.Start();
        using var client = new UdpTestClient(new IPEndPoint(group, bound.Port));

        // Act
        var reply = await client.RequestAsync("to the group"u8.ToArray());

        // Assert
        Assert.Equal(group, bound.Address);
        Assert.NotEqual(0, bound.Port);
        Assert.Equal("to the group"u8.ToArray(), reply);
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == 12));
        Assert.Equal($"{group}:{bound.Port}", session.Listen);
        Assert.Equal(client.LocalEndPoint.ToString(), session.Source);
        Assert.Equal(12, session.BytesUp);
    }

    [LoopbackMulticastFact(AddressFamily.InterNetwork)]
    public async Task Target_Ipv4MulticastGroup_EveryMemberGetsDatagramAndReplyReturns()
    {
        // Arrange
        var group = UniqueIpv4Group();
        await using var answering = UdpEchoServer.JoinGroup(group, 0, echo: true);
        await using var listening = UdpEchoServer.JoinGroup(group, answering.EndPoint.Port, echo: false);
        var target = new IPEndPoint(group, answering.EndPoint.Port);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config(target), multicastInterface: IPAddress.Loopback);
        var relay = harness.Start();
        using var client = new UdpTestClient(relay);

        // Act
        var reply = await client.RequestAsync("to all members"u8.ToArray());

        // Assert
        Assert.Equal("to all members"u8.ToArray(), reply);
        foreach (var member in new[] { answering, listening })
        {
            var (payload, from) = await member.NextAsync();
            Assert.Equal("to all members"u8.ToArray(), payload);
            Assert.Equal(IPAddress.Loopback, from.Address); // left through loopback, with its address as source
        }
        var session = Assert.Single(await harness.WaitForSessionsAsync(1, s => s[0].BytesDown == 14));
        Assert.Equal(target.ToString(), session.Target);
    }

    [Fact]
    public async Task Start_Ipv6MulticastGroupScopedToLoopback_JoinsAndBindsPort()
    {
        // Arrange
        var group = UniqueIpv6Group();
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config($"[{group}]:0", ["[::1]:9"]));

        // Act
        var bound = harness.Start();

        // Assert
        Assert.Equal(group, bound.Address);
        Assert.Equal(LoopbackMulticastFactAttribute.Ipv6LoopbackIndex, bound.Address.ScopeId);
        Assert.NotEqual(0, bound.Port);
    }

    [LoopbackMulticastFact(AddressFamily.InterNetworkV6)]
    public async Task Listen_Ipv6MulticastGroup_DatagramSentToGroupIsRelayedAndAnswered()
    {
        // Arrange
        var group = UniqueIpv6Group();
        await using var echo = UdpEchoServer.Start(IPAddress.IPv6Loopback);
        await using var harness = new UdpRelayHarness(UdpRelayHarness.Config($"[{group}]:0", [echo.EndPoint.ToString()]));
        var bound = harness.Start();
        using var client = new UdpTestClient(new IPEndPoint(group, bound.Port));

        // Act
        var reply = await client.RequestAsync("to the v6 group"u8.ToArray());

        // Assert
        Assert.Equal("to the v6 group"u8.ToArray(), reply);
        Assert.Single(await harness.WaitForSessionsAsync(1));
    }

    [Fact]
    public async Task Start_TwoRelaysOnSameGroupAndPort_BothBind()
    {
        // Arrange: the group's port is shared (ReuseAddress), so two relays may listen on one group and port.
        var group = UniqueIpv4Group();
        await using var first = new UdpRelayHarness(UdpRelayHarness.Config($"{group}:0", ["127.0.0.1:9"]), multicastInterface: IPAddress.Loopback);
        var bound = first.Start();
        await using var second = new UdpRelayHarness(UdpRelayHarness.Config($"{group}:{bound.Port}", ["127.0.0.1:9"]), multicastInterface: IPAddress.Loopback);

        // Act
        var again = second.Start();

        // Assert
        Assert.Equal(bound, again);
    }

    private static IPAddress UniqueIpv4Group() => new([239, 255, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255)]);

    private static IPAddress UniqueIpv6Group()
    {
        var group = IPAddress.Parse($"ff02::1:{Random.Shared.Next(1, 0xffff):x}");
        group.ScopeId = LoopbackMulticastFactAttribute.Ipv6LoopbackIndex;
        return group;
    }
}
