using RelayEngine.Tunnels;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine.Tunnels;

public sealed class TunnelPoolControllerTests
{
    private readonly FakeTimeProvider _time = new();

    private TunnelPoolController Create(int min = 8, int max = 64) => new(min, max, TimeSpan.FromSeconds(30), _time);

    [Fact]
    public void New_TargetsMin_AndTheDeficitCountsIdleAndDialling()
    {
        // Arrange
        var controller = Create();

        // Act
        var deficit = controller.Deficit(idle: 3, dialing: 2);

        // Assert
        Assert.Equal(8, controller.Target);
        Assert.Equal(3, deficit);
    }

    [Fact]
    public void OnTaken_BelowTwentyPercentIdle_DoublesOncePerCooldown()
    {
        // Arrange
        var controller = Create();

        // Act
        controller.OnTaken(idleAfter: 5);                   // 62 % idle: no change
        var afterCalm = controller.Target;
        controller.OnTaken(idleAfter: 1);                   // 12 %: double
        var afterFirst = controller.Target;
        controller.OnTaken(idleAfter: 0);                   // same burst: within the cooldown
        var withinCooldown = controller.Target;
        _time.Advance(TunnelPoolController.GrowCooldown);
        controller.OnTaken(idleAfter: 0);
        var afterCooldown = controller.Target;

        // Assert
        Assert.Equal(8, afterCalm);
        Assert.Equal(16, afterFirst);
        Assert.Equal(16, withinCooldown);
        Assert.Equal(32, afterCooldown);
        Assert.Equal(4, controller.Taken);
    }

    [Fact]
    public void OnShortage_TargetsTwiceTheWaiters_NeverAboveMax()
    {
        // Arrange
        var controller = Create(max: 100);

        // Act
        controller.OnShortage(20);
        var twice = controller.Target;
        controller.OnShortage(10);                          // fewer waiting: no shrink from a shortage
        var kept = controller.Target;
        controller.OnShortage(500);

        // Assert
        Assert.Equal(40, twice);
        Assert.Equal(40, kept);
        Assert.Equal(100, controller.Target);
    }

    [Fact]
    public void Adjust_AfterAQuietSpellMostlyIdle_HalvesTowardsMinAndNamesTheSurplus()
    {
        // Arrange
        var controller = Create();
        controller.OnShortage(16);                          // target 32

        // Act
        var early = controller.Adjust(idle: 32);
        _time.Advance(TimeSpan.FromSeconds(30));
        var surplus = controller.Adjust(idle: 32);
        var afterFirstHalving = controller.Target;
        _time.Advance(TimeSpan.FromSeconds(30));
        controller.Adjust(idle: 16);
        _time.Advance(TimeSpan.FromSeconds(30));
        controller.Adjust(idle: 8);

        // Assert
        Assert.Equal(0, early);
        Assert.Equal(16, afterFirstHalving);
        Assert.Equal(16, surplus);
        Assert.Equal(8, controller.Target);                 // never below min
    }

    [Fact]
    public void Adjust_BusyPool_DoesNotShrink()
    {
        var controller = Create();
        controller.OnShortage(16);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, controller.Adjust(idle: 10));       // 31 % idle: in use
        Assert.Equal(32, controller.Target);
    }

    [Fact]
    public void MinZero_FirstUseGrowsFromNothing()
    {
        var controller = Create(min: 0);
        Assert.Equal(0, controller.Target);
        controller.OnTaken(idleAfter: 0);
        Assert.Equal(1, controller.Target);
    }
}
