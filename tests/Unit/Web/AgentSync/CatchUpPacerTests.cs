using RelayWeb.AgentSync;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Web.AgentSync;

public sealed class CatchUpPacerTests
{
    [Fact]
    public void Record_FasterThanTheRate_WaitsForTheDifference()
    {
        // Arrange: 1,000 records per second; 1,000 records sent 200 ms into the round.
        var time = new FakeTimeProvider();
        var pacer = new CatchUpPacer(time, 1000);
        pacer.Start();
        time.Advance(TimeSpan.FromMilliseconds(200));

        // Act
        var wait = pacer.Record(1000);

        // Assert
        Assert.Equal(TimeSpan.FromMilliseconds(800), wait);
    }

    [Fact]
    public void Record_SlowerThanTheRate_NoWait()
    {
        // Arrange
        var time = new FakeTimeProvider();
        var pacer = new CatchUpPacer(time, 1000);
        pacer.Start();
        time.Advance(TimeSpan.FromSeconds(2));

        // Act
        var wait = pacer.Record(1000);

        // Assert
        Assert.Equal(TimeSpan.Zero, wait);
    }

    [Fact]
    public void Record_ManyBatches_RateHoldsOverTheWholeRound()
    {
        // Arrange: 20,000 records per second in batches of 1,000 sent instantly.
        var time = new FakeTimeProvider();
        var pacer = new CatchUpPacer(time, 20_000);
        pacer.Start();

        // Act: wait as told after each batch.
        for (var i = 0; i < 100; i++) time.Advance(pacer.Record(1000));

        // Assert: 100,000 records took 5 seconds.
        Assert.Equal(TimeSpan.FromSeconds(5), time.GetUtcNow() - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
