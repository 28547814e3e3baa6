using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayWeb.Data;
using RelayWeb.Settings;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Retention;

public sealed class OperationsSettingsServiceTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private OperationsSettingsService _settings = null!;

    public async Task InitializeAsync()
    {
        _database = await OperationsTestDatabase.CreateAsync();
        _settings = _database.Services.GetRequiredService<OperationsSettingsService>();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task GetAsync_NothingStored_Defaults()
    {
        // Act
        var settings = await _settings.GetAsync();

        // Assert
        Assert.Equal(30, settings.RetentionDays["ledger"]);
        Assert.Equal(30, settings.RetentionDays["job_runs"]);
        Assert.Equal(7, settings.BackupKeep);
    }

    [Fact]
    public async Task UpdateAsync_Valid_StoredAndAuditedOnce()
    {
        // Act
        var errors = await _settings.UpdateAsync(new Dictionary<string, int> { ["ledger"] = 90 }, 3, "user:admin");
        var settings = await _settings.GetAsync();

        // Assert
        Assert.Empty(errors);
        Assert.Equal(90, settings.RetentionDays["ledger"]);
        Assert.Equal(30, settings.RetentionDays["job_runs"]);
        Assert.Equal(3, settings.BackupKeep);
        await using var db = await _database.CreateDbContextAsync();
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal((SettingsStore.AuditAction, "user:admin"), (audit.Action, audit.Actor));
        Assert.Contains("\"retention.ledger.days\":\"90\"", audit.Details);
    }

    [Fact]
    public async Task UpdateAsync_Invalid_EveryFieldNamedAndNothingStored()
    {
        // Act
        var errors = await _settings.UpdateAsync(new Dictionary<string, int> { ["ledger"] = -1, ["samples"] = 5, ["job_runs"] = 10 }, 0, "user:admin");

        // Assert
        Assert.Equal(["backupKeep", "retentionDays.ledger", "retentionDays.samples"], errors.Keys.Order());
        Assert.Equal(30, (await _settings.GetAsync()).RetentionDays["job_runs"]);
    }
}
