using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData.Entities;
using RelayEngine.Configuration;
using RelayWeb.Data;
using RelayWeb.Services;

namespace RelayWeb.UnitTests.Data;

public sealed class RelayStoreTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private IRelayStore _store = null!;
    private DbEngineConfigProvider _provider = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _store = _database.Services.GetRequiredService<IRelayStore>();
        _provider = _database.Services.GetRequiredService<DbEngineConfigProvider>();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task CreateAsync_ValidRelay_StoredWithNewIdAndAudited()
    {
        // Arrange
        var relay = RelaySeed.Config("web");

        // Act
        var result = await _store.CreateAsync(relay, "admin");

        // Assert
        Assert.Equal(RelayStoreStatus.Ok, result.Status);
        var created = result.Relay!;
        Assert.Matches("^[0-9a-f]{12}$", created.RelayId);
        Assert.Equal(relay with { RelayId = created.RelayId }, created);
        Assert.Equal(created, await _store.GetAsync(created.RelayId));
        var audit = Assert.Single(await ReadAuditAsync());
        Assert.Equal(("admin", "relay.create", created.RelayId), (audit.Actor, audit.Action, audit.Target));
        Assert.Equal(_database.Time.GetUtcNow().UtcDateTime, audit.TimestampUtc);
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal(JsonValueKind.Null, details.RootElement.GetProperty("before").ValueKind);
        Assert.Equal("round-robin", details.RootElement.GetProperty("after").GetProperty("strategy").GetString());
    }

    [Fact]
    public async Task CreateAsync_TwoRelays_DifferentIds()
    {
        // Act
        var first = await _store.CreateAsync(RelaySeed.Config("a", "127.0.0.1:8001"), "admin");
        var second = await _store.CreateAsync(RelaySeed.Config("b", "127.0.0.1:8002"), "admin");

        // Assert
        Assert.NotEqual(first.Relay!.RelayId, second.Relay!.RelayId);
        Assert.Equal(["a", "b"], (await _store.ListAsync()).Select(r => r.Name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateAsync_EmptyName_NameIsTheId(string? name)
    {
        // Act
        var result = await _store.CreateAsync(RelaySeed.Config() with { Name = name }, "admin");

        // Assert
        Assert.Equal(RelayStoreStatus.Ok, result.Status);
        Assert.Equal(result.Relay!.RelayId, result.Relay.Name);
    }

    [Fact]
    public async Task CreateAsync_NameTakenInOtherCase_ConflictNamingTheOtherRelay()
    {
        // Arrange
        var existing = (await _store.CreateAsync(RelaySeed.Config("Web"), "admin")).Relay!;

        // Act
        var result = await _store.CreateAsync(RelaySeed.Config("WEB", "127.0.0.1:8082"), "admin");

        // Assert
        Assert.Equal(RelayStoreStatus.Conflict, result.Status);
        var error = Assert.Single(result.Errors!);
        Assert.Equal("name", error.Field);
        Assert.Contains(existing.RelayId, error.Message, StringComparison.Ordinal);
        Assert.Single(await _store.ListAsync());
    }

    [Fact]
    public async Task CreateAsync_ConcurrentSameName_OneCreatedOthersConflict()
    {
        // Arrange
        var attempts = Enumerable.Range(0, 8).Select(i => RelaySeed.Config(i % 2 == 0 ? "same" : "SAME", $"127.0.0.1:{8100 + i}"));

        // Act
        var results = await Task.WhenAll(attempts.Select(r => Task.Run(() => _store.CreateAsync(r, "admin"))));

        // Assert
        Assert.Single(results, r => r.Status == RelayStoreStatus.Ok);
        Assert.Equal(7, results.Count(r => r.Status == RelayStoreStatus.Conflict));
        Assert.Single(await _store.ListAsync());
    }

    [Fact]
    public async Task CreateAsync_Invalid_ErrorsCarryFieldNamesAndNothingStored()
    {
        // Arrange
        var relay = RelaySeed.Config("bad", "not-an-address", "nohost") with { MaxConnections = -1 };

        // Act
        var result = await _store.CreateAsync(relay, "admin");

        // Assert
        Assert.Equal(RelayStoreStatus.Invalid, result.Status);
        Assert.Equal(["listen", "maxConnections", "targets[0]"], result.Errors!.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.Empty(await _store.ListAsync());
        Assert.Empty(await ReadAuditAsync());
    }

    [Fact]
    public async Task UpdateAsync_Existing_ChangesFieldsAndAuditsBeforeAndAfter()
    {
        // Arrange
        var created = (await _store.CreateAsync(RelaySeed.Config("web"), "admin")).Relay!;
        _database.Time.Advance(TimeSpan.FromMinutes(1));
        var changed = created with { Name = "web2", Targets = ["127.0.0.1:9002", "127.0.0.1:9003"], Strategy = TargetStrategy.Failover };

        // Act
        var result = await _store.UpdateAsync(changed, "token:ci");

        // Assert
        Assert.Equal(RelayStoreStatus.Ok, result.Status);
        Assert.Equal(changed, await _store.GetAsync(created.RelayId));
        var audit = (await ReadAuditAsync()).Last();
        Assert.Equal(("token:ci", "relay.update", created.RelayId), (audit.Actor, audit.Action, audit.Target));
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal("web", details.RootElement.GetProperty("before").GetProperty("name").GetString());
        Assert.Equal("web2", details.RootElement.GetProperty("after").GetProperty("name").GetString());
        Assert.Equal(2, details.RootElement.GetProperty("after").GetProperty("targets").GetArrayLength());
    }

    [Fact]
    public async Task UpdateAsync_OwnNameInOtherCase_Ok()
    {
        // Arrange
        var created = (await _store.CreateAsync(RelaySeed.Config("web"), "admin")).Relay!;

        // Act
        var result = await _store.UpdateAsync(created with { Name = "WEB" }, "admin");

        // Assert
        Assert.Equal(RelayStoreStatus.Ok, result.Status);
        Assert.Equal("WEB", (await _store.GetAsync(created.RelayId))!.Name);
    }

    [Fact]
    public async Task UpdateAsync_NameOfAnotherRelay_Conflict()
    {
        // Arrange
        await _store.CreateAsync(RelaySeed.Config("web", "127.0.0.1:8001"), "admin");
        var other = (await _store.CreateAsync(RelaySeed.Config("api", "127.0.0.1:8002"), "admin")).Relay!;

        // Act
        var result = await _store.UpdateAsync(other with { Name = "Web" }, "admin");

        // Assert
        Assert.Equal(RelayStoreStatus.Conflict, result.Status);
        Assert.Equal("name", Assert.Single(result.Errors!).Field);
        Assert.Equal("api", (await _store.GetAsync(other.RelayId))!.Name);
    }

    [Fact]
    public async Task UpdateAsync_UnknownId_NotFound()
    {
        // Act
        var result = await _store.UpdateAsync(RelaySeed.Config() with { RelayId = "nope" }, "admin");

        // Assert
        Assert.Equal(RelayStoreStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task DeleteAsync_Existing_RemovedAndAudited()
    {
        // Arrange
        var created = (await _store.CreateAsync(RelaySeed.Config(), "admin")).Relay!;

        // Act
        var result = await _store.DeleteAsync(created.RelayId.ToUpperInvariant(), "cli");

        // Assert
        Assert.Equal(RelayStoreStatus.Ok, result.Status);
        Assert.Null(await _store.GetAsync(created.RelayId));
        var audit = (await ReadAuditAsync()).Last();
        Assert.Equal(("cli", "relay.delete", created.RelayId), (audit.Actor, audit.Action, audit.Target));
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal(JsonValueKind.Null, details.RootElement.GetProperty("after").ValueKind);
        Assert.Equal(RelayStoreStatus.NotFound, (await _store.DeleteAsync(created.RelayId, "cli")).Status);
    }

    [Fact]
    public async Task SetEnabledAsync_StopThenStart_PersistedAndAuditedAsStopAndStart()
    {
        // Arrange
        var created = (await _store.CreateAsync(RelaySeed.Config(), "admin")).Relay!;

        // Act
        var stopped = await _store.SetEnabledAsync(created.RelayId, false, "admin");
        var enabledAfterStop = (await _store.GetAsync(created.RelayId))!.Enabled;
        var started = await _store.SetEnabledAsync(created.RelayId, true, "admin");

        // Assert
        Assert.Equal((RelayStoreStatus.Ok, false), (stopped.Status, stopped.Relay!.Enabled));
        Assert.False(enabledAfterStop);
        Assert.True((await _store.GetAsync(created.RelayId))!.Enabled);
        Assert.Equal(RelayStoreStatus.Ok, started.Status);
        Assert.Equal(["relay.create", "relay.stop", "relay.start"], (await ReadAuditAsync()).Select(a => a.Action));
        Assert.Equal(RelayStoreStatus.NotFound, (await _store.SetEnabledAsync("nope", true, "admin")).Status);
    }

    [Fact]
    public async Task CreateAsync_Saved_InvalidatesEngineConfigAndReturnsItsRevision()
    {
        // Arrange
        var before = _provider.GetConfig();

        // Act
        var result = await _store.CreateAsync(RelaySeed.Config(), "admin");

        // Assert
        var after = _provider.GetConfig();
        Assert.True(before.ChangeToken.HasChanged);
        Assert.NotEqual(before.RevisionId, result.RevisionId);
        Assert.Equal(after.RevisionId, result.RevisionId);
        Assert.Equal(result.Relay, Assert.Single(after.Relays));
    }

    [Fact]
    public async Task SetEnabledAsync_Saved_EngineSnapshotShowsTheChange()
    {
        // Arrange
        var created = (await _store.CreateAsync(RelaySeed.Config(), "admin")).Relay!;
        var before = _provider.GetConfig();

        // Act
        var result = await _store.SetEnabledAsync(created.RelayId, false, "admin");

        // Assert
        Assert.True(before.ChangeToken.HasChanged);
        Assert.Equal(result.RevisionId, _provider.GetConfig().RevisionId);
        Assert.False(Assert.Single(_provider.GetConfig().Relays).Enabled);
    }

    private async Task<List<AuditEntry>> ReadAuditAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        return await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }
}
