using RelayEngine.Connections;
using RelayWeb.ViewModels;
using static RelayWeb.UnitTests.Web.ViewModels.ConnectionSnapshots;

namespace RelayWeb.UnitTests.Web.ViewModels;

public sealed class LiveConnectionRowTests
{
    [Fact]
    public void MihomoConnection_ShowsHostRuleAndChainMatchedGroupFirst()
    {
        // Arrange
        var snapshot = Open(1, relayId: "mihomo") with
        {
            Metadata = new ConnectionMetadata { Host = null, SniffHost = "sni.example", Rule = "DomainSuffix", RulePayload = "example", Chains = ["HK-01", "Proxy"] },
        };

        // Act
        var row = new LiveConnectionRow(snapshot);

        // Assert
        Assert.True(row.HasMetadata);
        Assert.Equal("sni.example", row.Host);
        Assert.Equal("DomainSuffix(example)", row.Rule);
        Assert.Equal("Proxy → HK-01", row.Chains);
    }

    [Fact]
    public void RelayedConnection_HasNoMetadataColumns()
    {
        var row = new LiveConnectionRow(Open(2));
        Assert.False(row.HasMetadata);
        Assert.Equal("", row.Host);
        Assert.Equal("", row.Rule);
        Assert.Equal("", row.Chains);
    }

    [Fact]
    public void Filter_MatchesHostAndChain()
    {
        // Arrange
        var list = new LiveConnectionList();
        list.Reset([Open(1) with { Metadata = new ConnectionMetadata { Host = "video.example", Chains = ["JP-02"] } }, Open(2)]);

        // Act + Assert
        Assert.Equal(Id(1), Assert.Single(list.Filter("video", r => r)).Id);
        Assert.Equal(Id(1), Assert.Single(list.Filter("jp-02", r => r)).Id);
    }
}
