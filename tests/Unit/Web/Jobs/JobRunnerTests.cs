using RelayWeb.Jobs;

namespace RelayWeb.UnitTests.Web.Jobs;

public sealed class JobRunnerTests
{
    [Fact]
    public async Task RunAsync_JobSucceeds_RowRecordsOutcomeMessageItemsAndTimes()
    {
        // Arrange
        var job = new TestJob().ThenSucceed("all good", items: 42);
        await using var host = await JobTestHost.CreateAsync([job]);
        var reservation = await host.Runner.TryReserveAsync(job.Name, JobTrigger.Manual, 1, "user:admin", CancellationToken.None);

        // Act
        var record = await host.Runner.RunAsync(job, reservation!, CancellationToken.None);

        // Assert
        var stored = await host.Runs.GetAsync(job.Name, record.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(JobOutcome.Succeeded, stored.Outcome);
        Assert.Equal(JobTrigger.Manual, stored.Trigger);
        Assert.Equal("all good", stored.Message);
        Assert.Equal(42, stored.ItemsProcessed);
        Assert.Equal("user:admin", stored.Actor);
        Assert.NotNull(stored.EndedUtc);
        Assert.True(stored.EndedUtc >= stored.StartedUtc);
        Assert.Null(host.Runner.GetRunning(job.Name));
    }

    [Fact]
    public async Task RunAsync_JobThrows_RecordedFailedWithTheMessageAndNothingEscapes()
    {
        // Arrange
        var job = new TestJob().ThenThrow("disk on fire");
        await using var host = await JobTestHost.CreateAsync([job]);
        var reservation = await host.Runner.TryReserveAsync(job.Name, JobTrigger.Schedule, 1, null, CancellationToken.None);

        // Act
        var record = await host.Runner.RunAsync(job, reservation!, CancellationToken.None);

        // Assert
        Assert.Equal(JobOutcome.Failed, record.Outcome);
        Assert.Equal("disk on fire", record.Message);
        Assert.Equal(JobOutcome.Failed, (await host.Runs.GetAsync(job.Name, record.Id, CancellationToken.None))!.Outcome);
    }

    [Fact]
    public async Task TryReserveAsync_WhileARunIsInProgress_ReturnsNullAndSkipIsRecorded()
    {
        // Arrange: the first run waits on a gate.
        var gate = new TaskCompletionSource();
        var job = new TestJob().Then(async (_, ct) => { await gate.Task.WaitAsync(ct); return JobResult.Succeeded(); });
        await using var host = await JobTestHost.CreateAsync([job]);
        var first = await host.Runner.TryReserveAsync(job.Name, JobTrigger.Schedule, 1, null, CancellationToken.None);
        var running = host.Runner.RunAsync(job, first!, CancellationToken.None);

        // Act
        var second = await host.Runner.TryReserveAsync(job.Name, JobTrigger.Schedule, 1, null, CancellationToken.None);
        await host.Runner.RecordSkippedAsync(job.Name, JobTrigger.Schedule, 1, CancellationToken.None);
        gate.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Null(second);
        var runs = await host.Runs.ListAsync(job.Name, 10, null, CancellationToken.None);
        var skipped = Assert.Single(runs, r => r.Outcome == JobOutcome.Skipped);
        Assert.Contains($"#{first!.Progress.RunId}", skipped.Message);
        Assert.Single(runs, r => r.Outcome == JobOutcome.Succeeded);
        Assert.Equal(1, job.Runs);
    }

    [Fact]
    public async Task Report_DuringTheRun_VisibleAsLiveProgress()
    {
        // Arrange
        var reported = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var job = new TestJob().Then(async (context, ct) =>
        {
            context.Report(0.5, "half way", 7);
            reported.SetResult();
            await release.Task.WaitAsync(ct);
            return JobResult.Succeeded();
        });
        await using var host = await JobTestHost.CreateAsync([job]);
        var reservation = await host.Runner.TryReserveAsync(job.Name, JobTrigger.Manual, 1, "user:admin", CancellationToken.None);
        var run = host.Runner.RunAsync(job, reservation!, CancellationToken.None);

        // Act
        await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var live = host.Runner.GetRunning(job.Name);
        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.NotNull(live);
        Assert.Equal(0.5, live.Fraction);
        Assert.Equal("half way", live.Message);
        Assert.Equal(7, live.ItemsProcessed);
        Assert.Equal(reservation!.Progress.RunId, live.RunId);
        Assert.Null(host.Runner.GetRunning(job.Name));
    }

    [Fact]
    public async Task RunAsync_Cancelled_RecordedAsInterrupted()
    {
        // Arrange
        var job = new TestJob().Then(async (_, ct) => { await Task.Delay(Timeout.Infinite, ct); return JobResult.Succeeded(); });
        await using var host = await JobTestHost.CreateAsync([job]);
        using var cts = new CancellationTokenSource();
        var reservation = await host.Runner.TryReserveAsync(job.Name, JobTrigger.Schedule, 1, null, CancellationToken.None);

        // Act
        var run = host.Runner.RunAsync(job, reservation!, cts.Token);
        await cts.CancelAsync();
        var record = await run.WaitAsync(TimeSpan.FromSeconds(10));

        // Assert
        Assert.Equal(JobOutcome.Failed, record.Outcome);
        Assert.Contains("shutting down", record.Message);
    }
}
