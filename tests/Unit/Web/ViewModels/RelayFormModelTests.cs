using RelayEngine.Configuration;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class RelayFormModelTests
{
    [Fact]
    public void ToConfig_MapsEveryFieldWithUnits()
    {
        // Arrange
        var form = new RelayFormModel
        {
            Name = "  ssh  ",
            Protocol = RelayProtocol.Tcp,
            Listen = " 0.0.0.0:2222 ",
            Targets = "10.0.0.5:22\n\n 10.0.0.6:22 ,10.0.0.7:22\r\n",
            Strategy = TargetStrategy.RoundRobin,
            ConnectTimeoutMs = 1500,
            IdleTimeoutSeconds = 300,
            MaxConnections = 10,
        };

        // Act
        var config = form.ToConfig();

        // Assert
        Assert.Equal("ssh", config.Name);
        Assert.Equal("0.0.0.0:2222", config.Listen);
        Assert.Equal(["10.0.0.5:22", "10.0.0.6:22", "10.0.0.7:22"], config.Targets);
        Assert.Equal(TargetStrategy.RoundRobin, config.Strategy);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), config.IdleTimeout);
        Assert.Equal(10, config.MaxConnections);
        Assert.True(config.Enabled);
    }

    [Fact]
    public void ToConfig_EmptyOptionalFields_UseEngineDefaults()
    {
        // Arrange
        var form = new RelayFormModel { Name = "a", Listen = ":80", Targets = "b:1", MaxConnections = 0 };

        // Act
        var config = form.ToConfig();

        // Assert
        Assert.Null(config.ConnectTimeout);
        Assert.Null(config.IdleTimeout);
        Assert.Null(config.MaxConnections);
    }

    [Fact]
    public void From_RoundTripsAStoredRelay()
    {
        // Arrange
        var stored = new RelayConfig
        {
            RelayId = "r-1",
            Name = "dns",
            Protocol = RelayProtocol.Udp,
            Listen = "0.0.0.0:53",
            Targets = ["1.1.1.1:53", "8.8.8.8:53"],
            Strategy = TargetStrategy.All,
            IdleTimeout = TimeSpan.FromSeconds(30),
            Enabled = false,
        };

        // Act
        var form = RelayFormModel.From(stored);
        var config = form.ToConfig();

        // Assert
        Assert.False(form.IsNew);
        Assert.Equal(stored, config);
    }

    [Fact]
    public void SetProtocol_ToTcp_DropsUdpOnlyStrategy()
    {
        // Arrange
        var form = new RelayFormModel { Protocol = RelayProtocol.Udp, Strategy = TargetStrategy.All };

        // Act
        form.SetProtocol(RelayProtocol.Tcp);

        // Assert
        Assert.Equal(TargetStrategy.Failover, form.Strategy);
        Assert.DoesNotContain(TargetStrategy.All, form.AvailableStrategies);
    }
}
