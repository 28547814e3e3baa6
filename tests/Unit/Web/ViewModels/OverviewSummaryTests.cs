using System.Net;
using RelayEngine.Configuration;
using RelayEngine.Model;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class OverviewSummaryTests
{
    private static RelaySnapshot Relay(string id, RelayStatus status, int active = 0, long up = 0, long down = 0, string? reason = null) => new()
    {
        Config = new RelayConfig { RelayId = id, Name = id.ToUpperInvariant(), Protocol = RelayProtocol.Tcp, Listen = "127.0.0.1:0", Targets = ["127.0.0.1:1"] },
        Status = status,
        StatusReason = reason,
        BoundEndPoint = status == RelayStatus.Running ? new IPEndPoint(IPAddress.Loopback, 4567) : null,
        ActiveConnections = active,
        TotalConnections = active * 2,
        BytesUp = up,
        BytesDown = down,
    };

    [Fact]
    public void From_CountsStatesConnectionsAndTraffic()
    {
        // Arrange
        var relays = new[]
        {
            Relay("a", RelayStatus.Running, active: 3, up: 100, down: 1000),
            Relay("b", RelayStatus.Faulted, reason: "Address already in use"),
            Relay("c", RelayStatus.Stopped),
            Relay("d", RelayStatus.Running, active: 1, up: 1, down: 2),
        };

        // Act
        var summary = OverviewSummary.From(relays);

        // Assert
        Assert.Equal(4, summary.RelayCount);
        Assert.Equal(2, summary.Running);
        Assert.Equal(1, summary.Faulted);
        Assert.Equal(1, summary.Stopped);
        Assert.Equal(4, summary.ActiveConnections);
        Assert.Equal(101, summary.BytesUp);
        Assert.Equal(1002, summary.BytesDown);
        Assert.Equal("Address already in use", Assert.Single(summary.FaultedRelays).StatusReason);
        Assert.Equal(["A", "D"], summary.BusiestRelays.Select(r => r.Name));
    }

    [Fact]
    public void RelayRow_ShowsBoundEndpointWhenListening()
    {
        // Act
        var running = RelayRowViewModel.From(Relay("a", RelayStatus.Running));
        var stopped = RelayRowViewModel.From(Relay("b", RelayStatus.Stopped));

        // Assert
        Assert.Equal("127.0.0.1:4567", running.Listen);
        Assert.Equal("127.0.0.1:0", stopped.Listen);
    }

    [Fact]
    public void FromAll_PutsFaultedRelaysFirst()
    {
        // Act
        var rows = RelayRowViewModel.FromAll([Relay("a", RelayStatus.Running), Relay("z", RelayStatus.Faulted), Relay("m", RelayStatus.Stopped)]);

        // Assert
        Assert.Equal(["Z", "A", "M"], rows.Select(r => r.Name));
    }
}
