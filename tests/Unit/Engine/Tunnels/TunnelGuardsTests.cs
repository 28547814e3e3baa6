using System.Net;
using RelayEngine.Tunnels;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Engine.Tunnels;

/// <summary>The small policies around the tunnel: failed-key throttling, reconnect backoff, rate limiting, PROXY headers.</summary>
public sealed class TunnelGuardsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void AuthFailureThrottle_AfterFreeFailures_BlocksForDoublingTimesUpToMax_AndSuccessClears()
    {
        // Arrange
        var throttle = new AuthFailureThrottle(_time, freeFailures: 3, maxDelay: TimeSpan.FromSeconds(5));
        var attacker = IPAddress.Parse("203.0.113.9");
        var blocks = new List<TimeSpan>();

        // Act
        for (var i = 0; i < 7; i++)
        {
            throttle.RecordFailure(attacker);
            blocks.Add(throttle.RetryAfter(attacker));
        }
        _time.Advance(TimeSpan.FromSeconds(3));
        var partly = throttle.RetryAfter(attacker);
        _time.Advance(TimeSpan.FromSeconds(2));
        var served = throttle.RetryAfter(attacker);
        var other = throttle.RetryAfter(IPAddress.Parse("198.51.100.1"));
        throttle.RecordFailure(attacker);
        throttle.RecordSuccess(attacker);

        // Assert
        Assert.Equal(new[] { 0, 0, 0, 1, 2, 4, 5 }.Select(s => TimeSpan.FromSeconds(s)), blocks);
        Assert.Equal(TimeSpan.FromSeconds(2), partly);
        Assert.Equal(TimeSpan.Zero, served);
        Assert.Equal(TimeSpan.Zero, other);
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(attacker));
    }

    [Fact]
    public void AuthFailureThrottle_FailuresOlderThanTheWindow_AreForgotten()
    {
        var throttle = new AuthFailureThrottle(_time, freeFailures: 0, maxDelay: TimeSpan.FromSeconds(30));
        var address = IPAddress.Loopback;
        throttle.RecordFailure(address);
        throttle.RecordFailure(address);
        _time.Advance(AuthFailureThrottle.Window + TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, throttle.RetryAfter(address));
        Assert.Equal(1, throttle.RecordFailure(address));
    }

    [Fact]
    public void Backoff_DoublesWithEqualJitter_CapsAndResets()
    {
        // Arrange
        var backoff = new TunnelBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(7));

        // Act
        var delays = Enumerable.Range(0, 6).Select(_ => backoff.Next().TotalMilliseconds).ToArray();
        backoff.Reset();
        var afterReset = backoff.Next().TotalMilliseconds;

        // Assert
        double[] ceilings = [100, 200, 400, 800, 1000, 1000];
        for (var i = 0; i < delays.Length; i++) Assert.InRange(delays[i], ceilings[i] / 2, ceilings[i]);
        Assert.InRange(afterReset, 50, 100);
    }

    [Fact]
    public async Task RateLimiter_BurstPasses_ThenWaitsForTheDebtOnTheFakeClock()
    {
        // Arrange: 8 Mbit/s = 1,000,000 B/s, burst 100 ms = 100,000 B.
        var limiter = new TunnelRateLimiter(8, _time);

        // Act
        var burst = limiter.WaitAsync(100_000, CancellationToken.None);
        var over = limiter.WaitAsync(50_000, CancellationToken.None).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(49));
        var early = over.IsCompleted;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await over.WaitAsync(TimeSpan.FromSeconds(5));

        // Assert
        Assert.True(burst.IsCompletedSuccessfully);
        Assert.False(early);
        Assert.Null(TunnelRateLimiter.Create(0, _time));
    }

    [Theory]
    [InlineData("203.0.113.7:51000", "10.0.0.1:8080", "PROXY TCP4 203.0.113.7 10.0.0.1 51000 8080\r\n")]
    [InlineData("[2001:db8::7]:51000", "[2001:db8::1]:443", "PROXY TCP6 2001:db8::7 2001:db8::1 51000 443\r\n")]
    [InlineData("[::ffff:203.0.113.7]:51000", "[::ffff:10.0.0.1]:80", "PROXY TCP4 203.0.113.7 10.0.0.1 51000 80\r\n")]
    [InlineData("203.0.113.7:51000", "[2001:db8::1]:443", "PROXY UNKNOWN\r\n")]
    [InlineData("unknown", "10.0.0.1:80", "PROXY UNKNOWN\r\n")]
    public void ProxyProtocolV1_Header(string source, string destination, string expected) =>
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(ProxyProtocolV1.Header(source, destination)));

    [Fact]
    public void GeneratedKeys_AreLongRandomAndUrlSafe()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => TunnelKeys.Generate()).ToArray();
        Assert.All(keys, k => Assert.Matches("^[A-Za-z0-9_-]{32}$", k));
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }
}
