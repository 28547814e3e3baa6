using Microsoft.Extensions.DependencyInjection;
using RelayEngine.Configuration;
using RelayWeb.Data;

namespace RelayWeb.UnitTests.Data;

public sealed class DbEngineConfigProviderTests : IAsyncLifetime
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
    public async Task GetConfig_NothingLoaded_LoadsRelaysSynchronously()
    {
        // Arrange
        await SeedAsync(RelaySeed.Row("bbb", "second", "udp", "all"), RelaySeed.Row("aaa", "first"));

        // Act
        var config = _provider.GetConfig();

        // Assert
        Assert.Equal(["aaa", "bbb"], config.Relays.Select(r => r.RelayId));
        Assert.Equal(RelayProtocol.Udp, config.Relays[1].Protocol);
        Assert.Equal(TargetStrategy.All, config.Relays[1].Strategy);
        Assert.False(config.ChangeToken.HasChanged);
        Assert.Same(config, _provider.GetConfig());
    }

    [Fact]
    public async Task InvalidateAsync_AfterChange_NewRevisionAndOldTokenFires()
    {
        // Arrange
        var before = _provider.GetConfig();
        var fired = false;
        using var registration = before.ChangeToken.RegisterChangeCallback(_ => fired = true, null);
        await SeedAsync(RelaySeed.Row("aaa", "first"));

        // Act
        var revisionId = await _provider.InvalidateAsync(CancellationToken.None);

        // Assert
        var after = _provider.GetConfig();
        Assert.True(fired);
        Assert.True(before.ChangeToken.HasChanged);
        Assert.False(after.ChangeToken.HasChanged);
        Assert.NotEqual(before.RevisionId, revisionId);
        Assert.Equal(revisionId, after.RevisionId);
        Assert.Single(after.Relays);
    }

    [Fact]
    public async Task InvalidateAsync_NothingChanged_SameRevisionButNewSnapshot()
    {
        // Arrange
        await SeedAsync(RelaySeed.Row("aaa", "first"));
        var before = _provider.GetConfig();

        // Act
        var revisionId = await _provider.InvalidateAsync(CancellationToken.None);

        // Assert
        Assert.Equal(before.RevisionId, revisionId);
        Assert.True(before.ChangeToken.HasChanged);
        Assert.NotSame(before, _provider.GetConfig());
    }

    [Fact]
    public async Task GetConfig_UnreadableRow_SkippedAndOthersLoaded()
    {
        // Arrange
        await SeedAsync(RelaySeed.Row("good", "good"), RelaySeed.Row("bad", "bad", protocol: "sctp"));

        // Act
        var config = _provider.GetConfig();

        // Assert
        Assert.Equal(["good"], config.Relays.Select(r => r.RelayId));
    }

    [Fact]
    public async Task InvalidateAsync_RelaysPlacedOnAgents_EngineGetsOnlyThisNodesAgentsGetTheirs()
    {
        // Arrange
        var onEdge = RelaySeed.Row("bbb", "on-edge");
        onEdge.AgentId = "edge-1";
        var onOther = RelaySeed.Row("ccc", "on-other");
        onOther.AgentId = "edge-2";
        var onMasterByName = RelaySeed.Row("ddd", "named-local");
        onMasterByName.AgentId = "local";
        await SeedAsync(RelaySeed.Row("aaa", "here"), onEdge, onOther, onMasterByName);

        // Act
        await _provider.InvalidateAsync(CancellationToken.None);
        var engine = _provider.GetConfig();
        var edge = _provider.GetAssignment("edge-1");
        var nobody = _provider.GetAssignment("edge-9");

        // Assert
        Assert.Equal(["aaa", "ddd"], engine.Relays.Select(r => r.RelayId));
        Assert.Equal(["bbb"], edge.Relays.Select(r => r.RelayId));
        Assert.Equal("edge-1", edge.Relays[0].AgentId);
        Assert.Empty(nobody.Relays);
        Assert.NotEqual(edge.Revision, nobody.Revision);
        Assert.Equal(["edge-1", "edge-2"], _provider.GetAssignments().Keys.Order());
    }

    [Fact]
    public async Task GetAssignment_OtherAgentsRelayChanged_RevisionUnchanged_OwnRelayChanged_RevisionChanges()
    {
        // Arrange
        var mine = RelaySeed.Row("aaa", "mine");
        mine.AgentId = "edge-1";
        var theirs = RelaySeed.Row("bbb", "theirs");
        theirs.AgentId = "edge-2";
        await SeedAsync(mine, theirs);
        await _provider.InvalidateAsync(CancellationToken.None);
        var before = _provider.GetAssignment("edge-1").Revision;

        // Act
        await using (var db = await _database.CreateDbContextAsync())
        {
            db.Relays.Single(r => r.RelayId == "bbb").Listen = "127.0.0.1:9999";
            await db.SaveChangesAsync();
        }
        await _provider.InvalidateAsync(CancellationToken.None);
        var afterTheirs = _provider.GetAssignment("edge-1").Revision;
        await using (var db = await _database.CreateDbContextAsync())
        {
            db.Relays.Single(r => r.RelayId == "aaa").Enabled = false;
            await db.SaveChangesAsync();
        }
        await _provider.InvalidateAsync(CancellationToken.None);
        var afterMine = _provider.GetAssignment("edge-1").Revision;

        // Assert
        Assert.Equal(before, afterTheirs);
        Assert.NotEqual(before, afterMine);
    }

    private async Task SeedAsync(params RelayData.Entities.Relay[] rows)
    {
        await using var db = await _database.CreateDbContextAsync();
        db.Relays.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
