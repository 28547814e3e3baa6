using RelayEngine.Configuration;
using RelayEngine.Transport;

namespace RelayWeb.UnitTests.Engine;

public sealed class TargetSelectorTests
{
    private static readonly string[] Targets = ["10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3"];

    [Fact]
    public void Failover_AlwaysStartsWithFirstTargetThenTheRestInOrder()
    {
        // Arrange
        var selector = new TargetSelector(Targets, TargetStrategy.Failover);
        var order = new HostPort[3];

        // Act + Assert
        for (var i = 0; i < 4; i++)
        {
            selector.GetAttemptOrder(order);
            Assert.Equal(Targets, order.Select(t => t.ToString()));
        }
    }

    [Fact]
    public void RoundRobin_EachConnectionStartsOneFurther_AndStillTriesAll()
    {
        // Arrange
        var selector = new TargetSelector(Targets, TargetStrategy.RoundRobin);
        var order = new HostPort[3];
        var firsts = new List<string>();

        // Act
        for (var i = 0; i < 6; i++)
        {
            selector.GetAttemptOrder(order);
            firsts.Add(order[0].ToString());
            Assert.Equal(3, order.Select(o => o.ToString()).Distinct().Count());
        }

        // Assert
        Assert.Equal(["10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3", "10.0.0.1:1", "10.0.0.2:2", "10.0.0.3:3"], firsts);
    }
}
