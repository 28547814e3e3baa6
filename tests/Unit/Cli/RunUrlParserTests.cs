using RelayEngine.Configuration;
using RelayWeb.Cli;

namespace RelayWeb.UnitTests.Cli;

public sealed class RunUrlParserTests
{
    [Fact]
    public void TryParse_TcpWithOptions_BuildsRelay()
    {
        // Act
        var ok = RunUrlParser.TryParse("tcp://127.0.0.1:15301/127.0.0.1:15201,127.0.0.1:15202?name=web&strategy=round-robin&connect=500ms&read=1h&slot=10", 0, out var relay, out var error);

        // Assert
        Assert.True(ok, error);
        Assert.Equal("web", relay.Name);
        Assert.Equal(RelayProtocol.Tcp, relay.Protocol);
        Assert.Equal("127.0.0.1:15301", relay.Listen);
        Assert.Equal(["127.0.0.1:15201", "127.0.0.1:15202"], relay.Targets);
        Assert.Equal(TargetStrategy.RoundRobin, relay.Strategy);
        Assert.Equal(TimeSpan.FromMilliseconds(500), relay.ConnectTimeout);
        Assert.Equal(TimeSpan.FromHours(1), relay.IdleTimeout);
        Assert.Equal(10, relay.MaxConnections);
    }

    [Fact]
    public void TryParse_Fanout_IsUdpToEveryTarget()
    {
        Assert.True(RunUrlParser.TryParse("fanout://[::1]:9920/127.0.0.1:9921,[::1]:9922", 1, out var relay, out _));
        Assert.Equal(RelayProtocol.Udp, relay.Protocol);
        Assert.Equal(TargetStrategy.All, relay.Strategy);
        Assert.Equal("[::1]:9920", relay.Listen);
        Assert.Equal("run-2", relay.RelayId);
    }

    [Theory]
    [InlineData("127.0.0.1:1/127.0.0.1:2", "not a relay URL")]
    [InlineData("ftp://a:1/b:2", "Unknown scheme")]
    [InlineData("server://key@:10101/127.0.0.1:8080", "TryParseRun")]
    [InlineData("tcp://127.0.0.1:1", "has no target")]
    [InlineData("tcp://127.0.0.1:1/127.0.0.1:2?bogus=1", "Unknown parameter 'bogus'")]
    [InlineData("tcp://127.0.0.1:1/127.0.0.1:2?strategy=random", "Unknown strategy")]
    [InlineData("tcp://127.0.0.1:1/127.0.0.1:2?idle=soon", "not a duration")]
    [InlineData("tcp://127.0.0.1:1/127.0.0.1:2?max=-3", "not a number")]
    public void TryParse_BadUrl_SaysWhatIsWrong(string url, string expected)
    {
        Assert.False(RunUrlParser.TryParse(url, 0, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("1.5m", 90)]
    [InlineData("2h", 7200)]
    [InlineData("250ms", 0.25)]
    public void TryParseDuration_Units(string text, double seconds)
    {
        Assert.True(RunUrlParser.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }
}
