using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData.Entities;
using RelayEngine.Configuration;
using RelayWeb.Data;

namespace RelayWeb.UnitTests.Data;

/// <summary>Tunnel ends are compiled for the node that runs each: this node's snapshot, or the agent's assignment.</summary>
public sealed class DbEngineConfigProviderTunnelTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private DbEngineConfigProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _provider = _database.Services.GetRequiredService<DbEngineConfigProvider>();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Load_ServerHereClientOnAgent_EachEndGoesToItsNode()
    {
        // Arrange
        await SeedAsync(Row("t1", serverAgent: null, clientAgent: "edge-1"));

        // Act
        var revision = await _provider.InvalidateAsync(CancellationToken.None);

        // Assert
        var local = Assert.Single(_provider.GetConfig().Tunnels);
        Assert.Equal(TunnelRole.Server, local.Role);
        Assert.Equal(":10101", local.TunnelAddress);
        Assert.Equal(TunnelFlow.Reverse, local.Flow);
        Assert.Equal(TunnelTlsMode.SelfSigned, local.Tls);
        var assignment = _provider.GetAssignment("edge-1");
        var remote = Assert.Single(assignment.Tunnels);
        Assert.Equal(TunnelRole.Client, remote.Role);
        Assert.Equal("master.example:10101", remote.TunnelAddress);
        Assert.Equal("the-shared-key-0123456789", remote.Key);
        Assert.Equal(local.Key, remote.Key);
        Assert.Equal(TunnelFlow.Auto, remote.Flow); // the client learns flow and TLS from the server
        Assert.Empty(assignment.Relays);
        Assert.Empty(_provider.GetAssignment("edge-2").Tunnels);
        Assert.NotEmpty(revision);
    }

    [Fact]
    public async Task Load_BothEndsHere_BothInTheSnapshot()
    {
        await SeedAsync(Row("t2", serverAgent: null, clientAgent: null));

        await _provider.InvalidateAsync(CancellationToken.None);

        Assert.Equal([TunnelRole.Server, TunnelRole.Client], _provider.GetConfig().Tunnels.Select(t => t.Role));
    }

    [Fact]
    public async Task Revision_ChangesExactlyWhenTheAgentsEndChanges()
    {
        // Arrange
        await SeedAsync(Row("t3", serverAgent: null, clientAgent: "edge-1"));
        await _provider.InvalidateAsync(CancellationToken.None);
        var before = _provider.GetAssignment("edge-1").Revision;
        await _provider.InvalidateAsync(CancellationToken.None);
        var unchanged = _provider.GetAssignment("edge-1").Revision;

        // Act
        await using (var db = await _database.CreateDbContextAsync())
        {
            var row = await db.Tunnels.SingleAsync(t => t.TunnelId == "t3");
            row.ClientTargets = ["127.0.0.1:81"];
            await db.SaveChangesAsync();
        }
        await _provider.InvalidateAsync(CancellationToken.None);

        // Assert
        Assert.Equal(before, unchanged);
        Assert.NotEqual(before, _provider.GetAssignment("edge-1").Revision);
        Assert.Equal(["127.0.0.1:81"], _provider.GetAssignment("edge-1").Tunnels[0].Targets);
    }

    private static Tunnel Row(string id, string? serverAgent, string? clientAgent) => new()
    {
        TunnelId = id,
        Name = id,
        Secret = "the-shared-key-0123456789",
        Flow = "reverse",
        Tls = 1,
        Strategy = "failover",
        ServerAddress = ":10101",
        ServerAgentId = serverAgent,
        ServerTargets = ["0.0.0.0:8080"],
        ClientAddress = "master.example:10101",
        ClientAgentId = clientAgent,
        ClientTargets = ["127.0.0.1:80"],
        CreatedUtc = DateTime.UtcNow,
        UpdatedUtc = DateTime.UtcNow,
    };

    private async Task SeedAsync(params Tunnel[] rows)
    {
        await using var db = await _database.CreateDbContextAsync();
        db.Tunnels.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
