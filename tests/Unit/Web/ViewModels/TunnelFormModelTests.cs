using RelayEngine.Configuration;
using RelayWeb.Services;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public class TunnelFormModelTests
{
    private static readonly TunnelDefinition s_stored = new()
    {
        TunnelId = "0123456789ab",
        Name = "nas",
        Key = "***",
        Flow = TunnelFlow.Forward,
        Tls = TunnelTlsMode.SelfSigned,
        MinPool = 8,
        MaxPool = 64,
        Strategy = TargetStrategy.RoundRobin,
        Enabled = false,
        IdleTimeout = TimeSpan.FromMinutes(10),
        RateLimitMbps = 100,
        ProxyProtocol = true,
        MaxConnections = 50,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        Server = new TunnelEndDefinition(null, ":10101", ["10.0.0.5:22"]),
        Client = new TunnelEndDefinition("edge-1", "vps.example:10101", ["127.0.0.1:2222"]),
    };

    [Fact]
    public void From_ThenToDefinition_Unchanged_GivesTheStoredTunnelBackAndKeepsTheKey()
    {
        var form = TunnelFormModel.From(s_stored);

        var definition = form.ToDefinition();

        Assert.True(form.IsEdit);
        Assert.Equal("10m", form.Read);
        Assert.Equal("edge-1", form.ClientRunsOn);
        Assert.Equal(s_stored, definition); // settings the form does not show (strategy, proxy, connect, enabled) are kept
        Assert.Equal("***", definition.Key); // the store keeps the stored key
    }

    [Fact]
    public void ToDefinition_Edited_TakesTargetsPoolLimitsTlsNodesAndANewKey()
    {
        var form = TunnelFormModel.From(s_stored);
        form.ServerTargets = "10.0.0.6:22\n10.0.0.7:22";
        form.MinPool = 2;
        form.MaxPool = 16;
        form.Tls = 0;
        form.RateMbps = 0;
        form.Slot = 0;
        form.Read = "90s";
        form.ServerRunsOn = "edge-2";
        form.ClientRunsOn = TunnelFormModel.ThisNode;
        form.GenerateKey = false;
        form.Key = "a-new-key";

        var definition = form.ToDefinition();

        Assert.Equal(["10.0.0.6:22", "10.0.0.7:22"], definition.Server!.Targets);
        Assert.Equal((2, 16, TunnelTlsMode.None), (definition.MinPool, definition.MaxPool, definition.Tls));
        Assert.Equal((0, (int?)null, TimeSpan.FromSeconds(90)), (definition.RateLimitMbps, definition.MaxConnections, definition.IdleTimeout));
        Assert.Equal(("edge-2", (string?)null), (definition.Server.AgentId, definition.Client!.AgentId));
        Assert.Equal("a-new-key", definition.Key);
        Assert.Equal("0123456789ab", definition.TunnelId);
    }

    [Fact]
    public void ToDefinition_TunnelWithOneEnd_KeepsTheOtherEndOutside()
    {
        var form = TunnelFormModel.From(s_stored with { Client = null });

        var definition = form.ToDefinition();

        Assert.False(form.HasClient);
        Assert.Null(definition.Client);
        Assert.NotNull(definition.Server);
    }

    [Fact]
    public void New_ToDefinition_GeneratesAKeyAndHasBothEnds()
    {
        var form = new TunnelFormModel { ServerAddress = ":10101", ServerTargets = "0.0.0.0:8080", ClientTargets = "127.0.0.1:80" };

        var definition = form.ToDefinition();

        Assert.False(form.IsEdit);
        Assert.Equal("", definition.Key); // the store generates one
        Assert.Equal("127.0.0.1:10101", definition.Client!.Address); // same node: the server's port on loopback
        Assert.Null(definition.IdleTimeout);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("30s", true)]
    [InlineData("1h", true)]
    [InlineData("soon", false)]
    public void FormErrors_Read_MustBeADuration(string read, bool valid)
    {
        var form = new TunnelFormModel { Read = read };

        var errors = form.FormErrors();

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.Equal("read", e.Field));
    }
}
