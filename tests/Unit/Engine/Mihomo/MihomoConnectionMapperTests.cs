using RelayEngine.Connections;
using RelayEngine.Mihomo;

namespace RelayWeb.UnitTests.Engine.Mihomo;

public sealed class MihomoConnectionMapperTests
{
    [Fact]
    public void Source_Ipv6_Bracketed()
    {
        // Arrange
        var metadata = new MihomoConnectionMetadata { SourceIp = "fd00::2", SourcePort = 53211 };

        // Act & Assert
        Assert.Equal("[fd00::2]:53211", MihomoConnectionMapper.Source(metadata));
    }

    [Theory]
    [InlineData("example.com", "", "1.2.3.4", "example.com:443")]
    [InlineData("", "sniffed.example", "1.2.3.4", "sniffed.example:443")]
    [InlineData("", "", "1.2.3.4", "1.2.3.4:443")]
    [InlineData("", "", "", null)]
    public void Target_HostBeforeSniffedHostBeforeIp(string host, string sniffHost, string ip, string? expected)
    {
        // Arrange
        var metadata = new MihomoConnectionMetadata { Host = host, SniffHost = sniffHost, DestinationIp = ip, DestinationPort = 443 };

        // Act & Assert
        Assert.Equal(expected, MihomoConnectionMapper.Target(metadata));
    }

    [Fact]
    public void Listen_NoInboundAddress_InboundNameThenFallback()
    {
        // Act & Assert
        Assert.Equal("tun-in", MihomoConnectionMapper.Listen(new MihomoConnectionMetadata { InboundName = "tun-in" }, "127.0.0.1:9090"));
        Assert.Equal("127.0.0.1:9090", MihomoConnectionMapper.Listen(null, "127.0.0.1:9090"));
    }

    [Fact]
    public void Network_MissingOrUpperCase_LowerCaseTcpDefault()
    {
        // Act & Assert
        Assert.Equal("udp", MihomoConnectionMapper.Network(new MihomoConnectionMetadata { Network = "UDP" }));
        Assert.Equal("tcp", MihomoConnectionMapper.Network(null));
    }

    [Fact]
    public void TryGetId_UuidAndOtherStrings_UuidKeptOthersStable()
    {
        // Act
        var uuid = MihomoConnectionMapper.TryGetId("8C2B4F7E-3A1D-4C5E-9F60-1B2C3D4E5F60", out var fromUuid);
        MihomoConnectionMapper.TryGetId("conn-1", out var first);
        MihomoConnectionMapper.TryGetId("conn-1", out var second);
        MihomoConnectionMapper.TryGetId("conn-2", out var other);
        var missing = MihomoConnectionMapper.TryGetId("  ", out _);

        // Assert
        Assert.True(uuid);
        Assert.Equal(Guid.Parse("8c2b4f7e-3a1d-4c5e-9f60-1b2c3d4e5f60"), fromUuid);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.False(missing);
    }

    [Fact]
    public void ToMetadata_EmptyStrings_Null()
    {
        // Arrange
        var connection = new MihomoConnection { Id = "x", Metadata = new MihomoConnectionMetadata { Host = "", Process = "curl" }, Rule = "" };

        // Act
        var metadata = MihomoConnectionMapper.ToMetadata(connection);

        // Assert
        Assert.Null(metadata.Host);
        Assert.Null(metadata.Rule);
        Assert.Equal("curl", metadata.Process);
        Assert.Empty(metadata.Chains);
    }

    [Fact]
    public void ConnectionMetadata_SameChainsInNewLists_Equal()
    {
        // Arrange
        var a = new ConnectionMetadata { Host = "h", Chains = new List<string> { "A", "B" } };
        var b = new ConnectionMetadata { Host = "h", Chains = new[] { "A", "B" } };
        var c = new ConnectionMetadata { Host = "h", Chains = new[] { "B", "A" } };

        // Act & Assert
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
    }
}
