using RelayEngine.Configuration;
using RelayEngine.Tunnels;
using RelayWeb.Master;
using RelayWeb.Services;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public sealed class TunnelEndViewModelTests
{
    [Theory]
    [InlineData(null, null, "—")]
    [InlineData(8, 16, "8 idle / 16")]
    [InlineData(8, null, "8 idle")] // a server end before the client's first heartbeat: the target is unknown, not 0
    [InlineData(8, 0, "8 idle")]
    public void PoolLabel_ShowsTheCapacityOnlyWhenKnown(int? idle, int? capacity, string expected)
    {
        var state = new TunnelEndState
        {
            Role = TunnelRole.Server, LedgerRelayId = "t1:server", Status = TunnelStatus.Connected, PoolIdle = idle, PoolCapacity = capacity,
        };
        var end = new TunnelEndViewModel(TunnelRole.Server, new TunnelEndDefinition(null, ":10101", ["127.0.0.1:80"]), state, TunnelFlow.Reverse);

        Assert.Equal(expected, end.PoolLabel);
    }
}
