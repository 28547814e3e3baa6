using System.Text;
using System.Text.Json;
using RelayEngine.Mihomo;

namespace RelayWeb.UnitTests.Engine.Mihomo;

public sealed class MihomoSnapshotParsingTests
{
    // A snapshot as Mihomo writes it (hub/route/connections.go through json.Encoder), including fields Relay ignores.
    private const string RealSnapshot = """
        {"downloadTotal":5368709,"uploadTotal":104857,"connections":[{"id":"8c2b4f7e-3a1d-4c5e-9f60-1b2c3d4e5f60",
        "metadata":{"network":"udp","type":"Tun","sourceIP":"fd00::2","destinationIP":"2606:4700::1111","sourceGeoIP":null,
        "destinationGeoIP":["CF"],"sourceIPASN":"","destinationIPASN":"AS13335 Cloudflare","sourcePort":"53211","destinationPort":"443",
        "inboundIP":"","inboundPort":"0","inboundName":"tun-in","inboundUser":"","host":"","dnsMode":"fake-ip","uid":1000,
        "process":"firefox","processPath":"/usr/lib/firefox/firefox","specialProxy":"","specialRules":"","remoteDestination":"2606:4700::1111",
        "dscp":0,"sniffHost":"one.one.one.one"},"upload":1234,"download":56789,"start":"2026-11-22T18:30:00.123456789+08:00",
        "chains":["JP-02","Auto","Proxy"],"rule":"GeoSite","rulePayload":"cloudflare","providerChains":[]}],"memory":41943040}

        """;

    [Fact]
    public void Deserialize_RealSnapshot_ReadsFieldsAndIgnoresUnknownOnes()
    {
        // Act
        var snapshot = Parse(RealSnapshot);

        // Assert
        var c = Assert.Single(snapshot.Connections!);
        Assert.Equal("8c2b4f7e-3a1d-4c5e-9f60-1b2c3d4e5f60", c.Id);
        Assert.Equal((1234, 56789), (c.Upload, c.Download));
        Assert.Equal(["JP-02", "Auto", "Proxy"], c.Chains);
        Assert.Equal(("GeoSite", "cloudflare"), (c.Rule, c.RulePayload));
        var m = c.Metadata!;
        Assert.Equal(("udp", "Tun", "fd00::2", 53211), (m.Network, m.Type, m.SourceIp, m.SourcePort));
        Assert.Equal(("2606:4700::1111", 443), (m.DestinationIp, m.DestinationPort));
        Assert.Null(m.InboundPort); // "0" is no port
        Assert.Equal(("", "one.one.one.one", "firefox"), (m.Host, m.SniffHost, m.Process));
    }

    [Theory]
    [InlineData("\"443\"", 443)]
    [InlineData("443", 443)]
    [InlineData("\"\"", null)]
    [InlineData("\"0\"", null)]
    [InlineData("\"http\"", null)]
    [InlineData("\"70000\"", null)]
    [InlineData("null", null)]
    [InlineData("{\"a\":1}", null)]
    public void Deserialize_PortForms_StringsNumbersAndJunk(string json, int? expected)
    {
        // Act
        var snapshot = Parse($$$"""{"connections":[{"id":"x","metadata":{"destinationPort":{{{json}}},"host":"h"}}]}""");

        // Assert
        var metadata = snapshot.Connections![0].Metadata!;
        Assert.Equal(expected, metadata.DestinationPort);
        Assert.Equal("h", metadata.Host); // the reader is positioned right after the port
    }

    [Fact]
    public void Deserialize_MissingFieldsAndNullConnections_Tolerated()
    {
        // Act
        var empty = Parse("""{"connections":null}""");
        var bare = Parse("""{"connections":[{"id":"x"}]}""");

        // Assert
        Assert.Null(empty.Connections);
        var c = Assert.Single(bare.Connections!);
        Assert.Null(c.Metadata);
        Assert.Equal(0, c.Upload);
        Assert.Null(c.Chains);
    }

    [Theory]
    [InlineData("{\"connections\": [")]
    [InlineData("[1,2]")]
    [InlineData("{\"connections\":[{\"upload\":\"lots\"}]}")]
    public void Deserialize_MalformedFrames_ThrowJsonException(string json) =>
        Assert.ThrowsAny<JsonException>(() => Parse(json));

    [Theory]
    [InlineData("2026-11-22T18:30:00.123456789+08:00", "2026-11-22T10:30:00.1234567Z")]
    [InlineData("2026-11-22T10:30:00Z", "2026-11-22T10:30:00.0000000Z")]
    [InlineData("2026-11-22T10:30:00.5-05:00", "2026-11-22T15:30:00.5000000Z")]
    public void StartUtc_GoRfc3339Nano_ReadAsUtc(string start, string expected)
    {
        // Act
        var utc = MihomoConnectionMapper.StartUtc(start, DateTime.MaxValue);

        // Assert
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expected, utc.ToString("O"));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData(null)]
    [InlineData("2027-01-01T00:00:00Z")] // the controller's clock runs ahead
    public void StartUtc_UnreadableOrInTheFuture_Now(string? start)
    {
        // Arrange
        var now = new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc);

        // Act & Assert
        Assert.Equal(now, MihomoConnectionMapper.StartUtc(start, now));
    }

    private static MihomoSnapshot Parse(string json) =>
        JsonSerializer.Deserialize(Encoding.UTF8.GetBytes(json), MihomoJsonContext.Default.MihomoSnapshot)!;
}
