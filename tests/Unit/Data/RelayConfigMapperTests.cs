using RelayEngine.Configuration;
using RelayWeb.Data;

namespace RelayWeb.UnitTests.Data;

public sealed class RelayConfigMapperTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ToEntity_ThenToConfig_RoundTripsEveryField()
    {
        // Arrange
        var config = new RelayConfig
        {
            RelayId = "abc123",
            Name = "dns",
            Protocol = RelayProtocol.Udp,
            Listen = "0.0.0.0:53",
            Targets = ["1.1.1.1:53", "8.8.8.8:53"],
            Strategy = TargetStrategy.All,
            Enabled = false,
            ConnectTimeout = TimeSpan.FromMilliseconds(1500),
            IdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnections = 42,
        };

        // Act
        var entity = RelayConfigMapper.ToEntity(config, Now);
        var back = RelayConfigMapper.ToConfig(entity);

        // Assert
        Assert.Equal(("udp", "all", 1500, 30_000), (entity.Protocol, entity.Strategy, entity.ConnectTimeoutMs, entity.IdleTimeoutMs));
        Assert.Equal((Now, Now), (entity.CreatedUtc, entity.UpdatedUtc));
        Assert.Equal(config, back);
    }

    [Theory]
    [InlineData(RelayProtocol.Tcp, "tcp")]
    [InlineData(RelayProtocol.Udp, "udp")]
    public void ToText_Protocol_LowerCase(RelayProtocol protocol, string expected)
    {
        // Act
        var text = RelayConfigMapper.ToText(protocol);

        // Assert
        Assert.Equal(expected, text);
        Assert.Equal(protocol, RelayConfigMapper.ParseProtocol(text.ToUpperInvariant()));
    }

    [Theory]
    [InlineData(TargetStrategy.Failover, "failover")]
    [InlineData(TargetStrategy.RoundRobin, "round-robin")]
    [InlineData(TargetStrategy.All, "all")]
    public void ToText_Strategy_KebabCase(TargetStrategy strategy, string expected)
    {
        // Act
        var text = RelayConfigMapper.ToText(strategy);

        // Assert
        Assert.Equal(expected, text);
        Assert.Equal(strategy, RelayConfigMapper.ParseStrategy(text));
    }

    [Fact]
    public void ToConfig_UnknownStrategy_ThrowsFormatException()
    {
        // Arrange
        var row = RelaySeed.Row("x", "x", strategy: "random");

        // Act + Assert
        Assert.Throws<FormatException>(() => RelayConfigMapper.ToConfig(row));
    }

    [Fact]
    public void ToEntity_NoNameOrTimeouts_NameIsIdAndTimeoutsNull()
    {
        // Arrange
        var config = RelaySeed.Config() with { RelayId = "id1", Name = null, ConnectTimeout = null, IdleTimeout = null, MaxConnections = null };

        // Act
        var entity = RelayConfigMapper.ToEntity(config, Now);

        // Assert
        Assert.Equal("id1", entity.Name);
        Assert.Null(entity.ConnectTimeoutMs);
        Assert.Null(entity.IdleTimeoutMs);
        Assert.Null(entity.MaxConnections);
    }
}
