using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RelayData.Entities;
using RelayWeb.Jobs;
using RelayWeb.Retention;
using RelayWeb.Settings;
using RelayWeb.UnitTests.Data;

namespace RelayWeb.UnitTests.Web.Retention;

public sealed class LedgerRetentionJobTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private DateTime _now;

    public async Task InitializeAsync()
    {
        _database = await OperationsTestDatabase.CreateAsync(batchSize: 3);
        _now = _database.Time.GetUtcNow().UtcDateTime;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task RunAsync_Default30Days_DeletesOnlyClosedConnectionsThatEndedBeforeTheCutoff()
    {
        // Arrange: 11 old closed rows (four batches of 3), and three that must stay.
        var oldClosed = Enumerable.Range(0, 11).Select(i => Row(startDaysAgo: 40 + i, endDaysAgo: 39 + i)).ToList();
        var openOld = Row(startDaysAgo: 40, endDaysAgo: null);
        var longLived = Row(startDaysAgo: 40, endDaysAgo: 10);
        var recent = Row(startDaysAgo: 5, endDaysAgo: 4);
        await SeedAsync([.. oldClosed, openOld, longLived, recent]);
        var reports = 0;

        // Act
        var result = await Job().RunAsync(JobRunContext.Detached(LedgerRetentionJob.JobName, _now, (_, _, _) => Interlocked.Increment(ref reports)), CancellationToken.None);

        // Assert
        Assert.Equal(JobOutcome.Succeeded, result.Outcome);
        Assert.Equal(11, result.ItemsProcessed);
        Assert.Contains("closed connections: 11 older than 30 d", result.Message);
        await using var db = await _database.CreateDbContextAsync();
        var left = await db.Connections.Select(c => c.Id).ToListAsync();
        Assert.Equal(new[] { openOld.Id, longLived.Id, recent.Id }.Order(), left.Order());
        Assert.True(reports >= 4, $"expected a progress report per batch, got {reports}");
    }

    [Fact]
    public async Task RunAsync_JobHistoryOlderThanItsRetention_DeletedButRunningRunsKept()
    {
        // Arrange
        await using (var db = await _database.CreateDbContextAsync())
        {
            db.JobRuns.AddRange(
                new JobRun { Job = "x", StartedUtc = _now.AddDays(-31), EndedUtc = _now.AddDays(-31), Outcome = "succeeded", Trigger = "schedule" },
                new JobRun { Job = "x", StartedUtc = _now.AddDays(-31), Outcome = "running", Trigger = "schedule" },
                new JobRun { Job = "x", StartedUtc = _now.AddDays(-1), EndedUtc = _now.AddDays(-1), Outcome = "failed", Trigger = "schedule" });
            await db.SaveChangesAsync();
        }

        // Act
        var result = await Job().RunAsync(JobRunContext.Detached(LedgerRetentionJob.JobName, _now), CancellationToken.None);

        // Assert
        Assert.Contains("job history: 1 older than 30 d", result.Message);
        await using var check = await _database.CreateDbContextAsync();
        Assert.Equal(["failed", "running"], (await check.JobRuns.Select(r => r.Outcome).ToListAsync()).Order());
    }

    [Fact]
    public async Task RunAsync_RetentionChangedInSettings_UsesTheNewDays()
    {
        // Arrange
        var tenDaysOld = Row(startDaysAgo: 11, endDaysAgo: 10);
        await SeedAsync([tenDaysOld]);
        var errors = await Settings().UpdateAsync(new Dictionary<string, int> { ["ledger"] = 7 }, null, "user:admin");

        // Act
        var result = await Job().RunAsync(JobRunContext.Detached(LedgerRetentionJob.JobName, _now), CancellationToken.None);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(1, result.ItemsProcessed);
        await using var db = await _database.CreateDbContextAsync();
        Assert.False(await db.Connections.AnyAsync());
    }

    [Fact]
    public async Task RunAsync_EveryKindKeptForever_SkippedAndNothingDeleted()
    {
        // Arrange
        await SeedAsync([Row(startDaysAgo: 400, endDaysAgo: 399)]);
        await Settings().UpdateAsync(new Dictionary<string, int> { ["ledger"] = 0, ["job_runs"] = 0 }, null, "user:admin");

        // Act
        var result = await Job().RunAsync(JobRunContext.Detached(LedgerRetentionJob.JobName, _now), CancellationToken.None);

        // Assert
        Assert.Equal(JobOutcome.Skipped, result.Outcome);
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(1, await db.Connections.CountAsync());
    }

    private LedgerRetentionJob Job() => _database.Services.GetRequiredService<LedgerRetentionJob>();

    private OperationsSettingsService Settings() => _database.Services.GetRequiredService<OperationsSettingsService>();

    private Connection Row(int startDaysAgo, int? endDaysAgo) => new()
    {
        Id = Guid.CreateVersion7(),
        AgentId = "local",
        RelayId = "web",
        Network = "tcp",
        Source = "10.0.0.1:5000",
        Listen = "0.0.0.0:80",
        Target = "127.0.0.1:8080",
        StartUtc = _now.AddDays(-startDaysAgo),
        EndUtc = endDaysAgo is { } end ? _now.AddDays(-end) : null,
        DurationMs = endDaysAgo is { } e ? (long)TimeSpan.FromDays(startDaysAgo - e).TotalMilliseconds : null,
        CloseReason = endDaysAgo is null ? null : "client_closed",
        IsOpen = endDaysAgo is null,
    };

    private async Task SeedAsync(IEnumerable<Connection> rows)
    {
        await using var db = await _database.CreateDbContextAsync();
        db.Connections.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
