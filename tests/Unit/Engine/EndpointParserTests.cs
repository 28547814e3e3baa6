using System.Net;
using RelayEngine.Configuration;

namespace RelayWeb.UnitTests.Engine;

public sealed class EndpointParserTests
{
    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData(":9000", "0.0.0.0", 9000)]
    [InlineData("[::1]:53", "::1", 53)]
    [InlineData("localhost:80", "127.0.0.1", 80)]
    [InlineData(" 10.1.2.3:65535 ", "10.1.2.3", 65535)]
    public void TryParseListen_ValidAddress_ReturnsEndPoint(string value, string address, int port)
    {
        // Act
        var ok = EndpointParser.TryParseListen(value, out var endPoint, out var error);

        // Assert
        Assert.True(ok, error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("127.0.0.1", "no port")]
    [InlineData("127.0.0.1:65536", "not a valid port")]
    [InlineData("127.0.0.1:-1", "not a valid port")]
    [InlineData("127.0.0.1:http", "not a valid port")]
    [InlineData("example.com:80", "not an IP address")]
    [InlineData("::1:80", "[ADDRESS]:PORT")]
    [InlineData("[::1:80", "IPv6")]
    [InlineData("[zz::1]:80", "not a valid IPv6")]
    [InlineData("256.1.1.1:80", "not an IP address")]
    public void TryParseListen_InvalidAddress_ExplainsWhy(string value, string expected)
    {
        // Act
        var ok = EndpointParser.TryParseListen(value, out _, out var error);

        // Assert
        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("db.internal:5432", "db.internal", 5432)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 443)]
    [InlineData("10.0.0.5:22", "10.0.0.5", 22)]
    public void TryParseTarget_HostOrIp_Parses(string value, string host, int port)
    {
        // Act
        var ok = EndpointParser.TryParseTarget(value, out var target, out var error);

        // Assert
        Assert.True(ok, error);
        Assert.Equal(new HostPort(host, port), target);
        Assert.Equal(value, target.ToString());
    }

    [Theory]
    [InlineData(":80")]
    [InlineData("host:0")]
    [InlineData("bad host:80")]
    [InlineData("host")]
    public void TryParseTarget_Invalid_Fails(string value)
    {
        Assert.False(EndpointParser.TryParseTarget(value, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }
}
