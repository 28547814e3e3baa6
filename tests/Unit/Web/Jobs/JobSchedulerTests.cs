using Microsoft.Extensions.DependencyInjection;
using RelayData.Entities;
using RelayWeb.Jobs;
using RelayWeb.Services;
using RelayWeb.UnitTests.TestInfrastructure;

namespace RelayWeb.UnitTests.Web.Jobs;

/// <summary>The scheduler with real Quartz on a real SQLite file; waits are on conditions (runs recorded), never fixed sleeps.</summary>
public sealed class JobSchedulerTests
{
    [Fact]
    public async Task StartAsync_NothingStored_DefaultScheduleWithNextRun()
    {
        // Arrange
        var job = new TestJob(cron: "0 3 * * *");
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act
        var info = Assert.Single(await host.Scheduler.ListAsync());

        // Assert
        Assert.True(host.Scheduler.IsRunning);
        Assert.Equal("0 3 * * *", info.Cron);
        Assert.False(info.Paused);
        Assert.NotNull(info.NextRunUtc);
        Assert.Equal(new TimeOnly(3, 0), TimeOnly.FromDateTime(info.NextRunUtc.Value));
        Assert.Null(info.LastRun);
    }

    [Fact]
    public async Task Schedule_EverySecond_FiresAndRecordsScheduledRuns()
    {
        // Arrange
        var job = new TestJob(cron: "* * * * * ?");
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act
        var runs = await host.WaitForFinishedRunsAsync(job.Name, 2);

        // Assert
        Assert.All(runs, r => Assert.Equal(JobTrigger.Schedule, r.Trigger));
        Assert.All(runs, r => Assert.Equal(JobOutcome.Succeeded, r.Outcome));
    }

    [Fact]
    public async Task Schedule_PreviousRunStillGoing_NextFiringRecordedAsSkipped()
    {
        // Arrange: the first run holds on until the test has seen a skipped firing.
        var release = new TaskCompletionSource();
        var job = new TestJob(cron: "* * * * * ?").Then(async (_, ct) => { await release.Task.WaitAsync(ct); return JobResult.Succeeded(); });
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act
        var skipped = await WaitFor.ValueAsync(() => host.Runs.ListAsync(job.Name, 50, null, CancellationToken.None),
            runs => runs.Any(r => r.Outcome == JobOutcome.Skipped), "a skipped firing");
        release.SetResult();

        // Assert
        Assert.Contains("still in progress", skipped.First(r => r.Outcome == JobOutcome.Skipped).Message);
    }

    [Fact]
    public async Task RunNowAsync_Idle_StartsAManualRunWithItsActor()
    {
        // Arrange
        var job = new TestJob().ThenSucceed("manual ok", items: 3);
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act
        var result = await host.Scheduler.RunNowAsync(job.Name, "user:admin");
        var runs = await host.WaitForFinishedRunsAsync(job.Name, 1);

        // Assert
        Assert.Equal(JobCommandStatus.Ok, result.Status);
        var run = Assert.Single(runs);
        Assert.Equal(result.RunId, run.Id);
        Assert.Equal(JobTrigger.Manual, run.Trigger);
        Assert.Equal(JobOutcome.Succeeded, run.Outcome);
        Assert.Equal("user:admin", run.Actor);
        Assert.Equal(3, run.ItemsProcessed);
        Assert.Equal(run.Id, (await host.Scheduler.GetAsync(job.Name))!.LastRun!.Id);
    }

    [Fact]
    public async Task RunNowAsync_WhileRunning_AlreadyRunningWithTheRunInProgress()
    {
        // Arrange
        var release = new TaskCompletionSource();
        var job = new TestJob().Then(async (_, ct) => { await release.Task.WaitAsync(ct); return JobResult.Succeeded(); });
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();
        var first = await host.Scheduler.RunNowAsync(job.Name, "user:admin");

        // Act
        var second = await host.Scheduler.RunNowAsync(job.Name, "user:admin");
        var info = await host.Scheduler.GetAsync(job.Name);
        release.SetResult();
        await host.WaitForFinishedRunsAsync(job.Name, 1);

        // Assert
        Assert.Equal(JobCommandStatus.AlreadyRunning, second.Status);
        Assert.Equal(first.RunId, second.Running!.RunId);
        Assert.Equal(first.RunId, info!.Running!.RunId);
    }

    [Fact]
    public async Task FailingRun_RetriedWithBackoff_UntilItSucceeds()
    {
        // Arrange
        var job = new TestJob().ThenThrow("database busy").ThenSucceed("second time lucky");
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act
        await host.Scheduler.RunNowAsync(job.Name, "user:admin");
        var runs = await host.WaitForFinishedRunsAsync(job.Name, 2);
        var info = await host.Scheduler.GetAsync(job.Name);

        // Assert
        Assert.Equal((JobOutcome.Failed, JobTrigger.Manual, 1, "database busy"), (runs[0].Outcome, runs[0].Trigger, runs[0].Attempt, runs[0].Message));
        Assert.Equal((JobOutcome.Succeeded, JobTrigger.Retry, 2), (runs[1].Outcome, runs[1].Trigger, runs[1].Attempt));
        Assert.True(runs[1].StartedUtc - runs[0].EndedUtc!.Value >= TimeSpan.FromMilliseconds(90), "the retry waits for the backoff");
        Assert.False(info!.IsFailing);
        Assert.Equal(0, info.ConsecutiveFailures);
        Assert.Null(info.RetryAtUtc);
    }

    [Fact]
    public async Task FailingRun_EveryAttemptFails_StopsAtMaxAttemptsAndShowsFailing()
    {
        // Arrange
        var job = new TestJob().ThenThrow("one").ThenThrow("two").ThenThrow("three");
        await using var host = await (await JobTestHost.CreateAsync([job], o => o.MaxAttempts = 2)).StartAsync();

        // Act
        await host.Scheduler.RunNowAsync(job.Name, "user:admin");
        var runs = await host.WaitForFinishedRunsAsync(job.Name, 2);
        var info = await WaitFor.ValueAsync(() => host.Scheduler.GetAsync(job.Name), i => i!.ConsecutiveFailures == 2, "two failures counted");

        // Assert: no retry is pending after the last attempt; the job shows failing with the last message.
        Assert.Equal([1, 2], runs.Select(r => r.Attempt));
        Assert.All(runs, r => Assert.Equal(JobOutcome.Failed, r.Outcome));
        Assert.True(info!.IsFailing);
        Assert.Null(info.RetryAtUtc);
        Assert.Equal("two", info.LastRun!.Message);
        Assert.Equal(2, job.Runs);
    }

    [Fact]
    public async Task PauseAsync_StoredAndKeptAcrossARestart_ResumeAsyncClearsIt()
    {
        // Arrange
        var job = new TestJob(cron: "0 3 * * *");
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act 1: pause, then start a second scheduler on the same database (a process restart).
        var paused = await host.Scheduler.PauseAsync(job.Name, "user:admin");
        await host.Scheduler.StopAsync(CancellationToken.None);
        var restarted = ActivatorUtilities.CreateInstance<JobScheduler>(host.Database.Services);
        await restarted.StartAsync(CancellationToken.None);
        var afterRestart = await restarted.GetAsync(job.Name);

        // Act 2
        var resumed = await restarted.ResumeAsync(job.Name, "user:admin");
        await restarted.StopAsync(CancellationToken.None);

        // Assert
        Assert.True(paused.Job!.Paused);
        Assert.Null(paused.Job.NextRunUtc);
        Assert.True(afterRestart!.Paused);
        Assert.Null(afterRestart.NextRunUtc);
        Assert.False(resumed.Job!.Paused);
        Assert.NotNull(resumed.Job.NextRunUtc);
        Assert.Null(await host.Database.Services.GetRequiredService<ISettingsStore>().GetAsync(JobSettings.Paused(job.Name)));
    }

    [Fact]
    public async Task RescheduleAsync_ValidCron_StoredAndNextRunMovesWithoutRestart()
    {
        // Arrange
        var job = new TestJob(cron: "0 3 * * *");
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act
        var result = await host.Scheduler.RescheduleAsync(job.Name, "15 4 * * *", "user:admin");

        // Assert
        Assert.Equal(JobCommandStatus.Ok, result.Status);
        Assert.Equal("15 4 * * *", result.Job!.Cron);
        Assert.Equal(new TimeOnly(4, 15), TimeOnly.FromDateTime(result.Job.NextRunUtc!.Value));
        Assert.Equal("15 4 * * *", await host.Database.Services.GetRequiredService<ISettingsStore>().GetAsync(JobSettings.Cron(job.Name)));
    }

    [Fact]
    public async Task RescheduleAsync_InvalidCron_InvalidAndNothingChanges()
    {
        // Arrange
        var job = new TestJob(cron: "0 3 * * *");
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();

        // Act
        var result = await host.Scheduler.RescheduleAsync(job.Name, "every day", "user:admin");

        // Assert
        Assert.Equal(JobCommandStatus.Invalid, result.Status);
        Assert.Contains("field", result.Error);
        Assert.Equal("0 3 * * *", (await host.Scheduler.GetAsync(job.Name))!.Cron);
    }

    [Fact]
    public async Task RescheduleAsync_PausedJob_StaysPaused()
    {
        // Arrange
        var job = new TestJob(cron: "0 3 * * *");
        await using var host = await (await JobTestHost.CreateAsync([job])).StartAsync();
        await host.Scheduler.PauseAsync(job.Name, "user:admin");

        // Act
        var result = await host.Scheduler.RescheduleAsync(job.Name, "* * * * * ?", "user:admin");

        // Assert: a paused job rescheduled to every second still does not run.
        Assert.True(result.Job!.Paused);
        Assert.Null(result.Job.NextRunUtc);
        await host.Scheduler.StopAsync(CancellationToken.None); // waits for anything Quartz started
        Assert.Equal(0, job.Runs);
    }

    [Fact]
    public async Task StartAsync_StoredCronInvalid_UsesTheDefault()
    {
        // Arrange
        var job = new TestJob(cron: "0 3 * * *");
        await using var host = await JobTestHost.CreateAsync([job]);
        await host.Database.Services.GetRequiredService<ISettingsStore>().SetAsync(new Dictionary<string, string?> { [JobSettings.Cron(job.Name)] = "nonsense" }, "test");

        // Act
        await host.StartAsync();

        // Assert
        Assert.Equal("0 3 * * *", (await host.Scheduler.GetAsync(job.Name))!.Cron);
    }

    [Fact]
    public async Task StartAsync_RunLeftRunningByADeadProcess_MarkedFailed()
    {
        // Arrange
        var job = new TestJob();
        await using var host = await JobTestHost.CreateAsync([job]);
        await using (var db = await host.Database.CreateDbContextAsync())
        {
            db.JobRuns.Add(new JobRun { Job = job.Name, StartedUtc = DateTime.UtcNow.AddMinutes(-5), Outcome = "running", Trigger = "schedule" });
            await db.SaveChangesAsync();
        }

        // Act
        await host.StartAsync();

        // Assert
        var info = await host.Scheduler.GetAsync(job.Name);
        Assert.Equal(JobOutcome.Failed, info!.LastRun!.Outcome);
        Assert.Contains("Interrupted", info.LastRun.Message);
        Assert.Equal(1, info.ConsecutiveFailures);
    }

    [Fact]
    public async Task Commands_UnknownJob_NotFound()
    {
        // Arrange
        await using var host = await (await JobTestHost.CreateAsync([new TestJob()])).StartAsync();

        // Act + Assert
        Assert.Equal(JobCommandStatus.NotFound, (await host.Scheduler.RunNowAsync("nope", "x")).Status);
        Assert.Equal(JobCommandStatus.NotFound, (await host.Scheduler.PauseAsync("nope", "x")).Status);
        Assert.Equal(JobCommandStatus.NotFound, (await host.Scheduler.RescheduleAsync("nope", "0 3 * * *", "x")).Status);
        Assert.Null(await host.Scheduler.GetAsync("nope"));
    }
}
