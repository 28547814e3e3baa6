using RelayData.Entities;
using RelayEngine.Connections;
using RelayWeb.Data;

namespace RelayWeb.UnitTests.Data;

public sealed class ConnectionMapperTests
{
    [Fact]
    public void ToText_EveryReason_RoundTrips()
    {
        // Arrange
        var reasons = Enum.GetValues<CloseReason>();

        // Act
        var parsed = reasons.Select(r => ConnectionMapper.ParseCloseReason(ConnectionMapper.ToText(r)));

        // Assert
        Assert.Equal(reasons, parsed);
        Assert.Null(ConnectionMapper.ToText(CloseReason.None));
        Assert.Equal("refused_by_limit", ConnectionMapper.ToText(CloseReason.RefusedByLimit));
    }

    [Fact]
    public void ParseCloseReason_UnknownText_IsError()
    {
        // Act
        var reason = ConnectionMapper.ParseCloseReason("cosmic_ray");

        // Assert
        Assert.Equal(CloseReason.Error, reason);
    }

    [Fact]
    public void ToSnapshot_OpenRow_OpenSnapshotWithAllFields()
    {
        // Arrange
        var row = new Connection
        {
            Id = Guid.CreateVersion7(), AgentId = "local", RelayId = "web", Network = "udp", Source = "1.2.3.4:5", Listen = ":53",
            Target = "8.8.8.8:53", StartUtc = LedgerSnapshots.Start, BytesUp = 3, BytesDown = 4, IsOpen = true,
        };

        // Act
        var snapshot = ConnectionMapper.ToSnapshot(row);

        // Assert
        Assert.True(snapshot.IsOpen);
        Assert.Equal(CloseReason.None, snapshot.CloseReason);
        Assert.Equal((row.Id, "local", "web", "udp", "1.2.3.4:5", ":53", "8.8.8.8:53", 3L, 4L),
            (snapshot.Id, snapshot.AgentId, snapshot.RelayId, snapshot.Network, snapshot.Source, snapshot.Listen, snapshot.Target, snapshot.BytesUp, snapshot.BytesDown));
    }

    [Fact]
    public void ToSnapshot_ClosedRow_CarriesEndAndReason()
    {
        // Arrange
        var row = new Connection
        {
            Id = Guid.CreateVersion7(), AgentId = "local", RelayId = "web", Network = "tcp", Source = "s", Listen = "l",
            StartUtc = LedgerSnapshots.Start, EndUtc = LedgerSnapshots.Start.AddSeconds(9), DurationMs = 9000, CloseReason = "closed_by_admin", IsOpen = false,
        };

        // Act
        var snapshot = ConnectionMapper.ToSnapshot(row);

        // Assert
        Assert.False(snapshot.IsOpen);
        Assert.Equal(CloseReason.ClosedByAdmin, snapshot.CloseReason);
        Assert.Equal(9000, snapshot.DurationMs(DateTime.MaxValue));
    }
}
