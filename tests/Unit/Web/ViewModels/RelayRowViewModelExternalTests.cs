using RelayEngine.Configuration;
using RelayEngine.Model;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public sealed class RelayRowViewModelExternalTests
{
    [Fact]
    public void From_ExternalSource_RowIsExternal()
    {
        // Arrange
        var snapshot = new RelaySnapshot
        {
            Config = new RelayConfig { RelayId = "mihomo", Name = "Mihomo 127.0.0.1:9090", Protocol = RelayProtocol.Tcp, Listen = "127.0.0.1:9090", Targets = [] },
            Status = RelayStatus.Running,
            IsExternal = true,
        };

        // Act
        var row = RelayRowViewModel.From(snapshot);

        // Assert
        Assert.True(row.IsExternal);
        Assert.Equal("Mihomo 127.0.0.1:9090", row.Name);
    }
}
