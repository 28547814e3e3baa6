using RelayWeb.Jobs;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public sealed class JobViewModelTests
{
    private static readonly DateTime s_now = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void State_Precedence_RunningThenPausedThenFailingThenOk()
    {
        // Arrange
        var failed = Run(JobOutcome.Failed);
        var running = new JobRunProgress(7, "j", JobTrigger.Manual, 1, s_now, "user:admin", 0.25, "Copying", 3);

        // Act + Assert
        Assert.Equal(JobDisplayState.NeverRun, Model(Info()).State);
        Assert.Equal(JobDisplayState.Ok, Model(Info(lastRun: Run(JobOutcome.Succeeded))).State);
        Assert.Equal(JobDisplayState.Ok, Model(Info(lastRun: Run(JobOutcome.Skipped))).State);
        Assert.Equal(JobDisplayState.Failing, Model(Info(lastRun: failed)).State);
        Assert.Equal(JobDisplayState.Paused, Model(Info(lastRun: failed, paused: true)).State);
        var busy = Model(Info(lastRun: failed, paused: true, running: running));
        Assert.Equal(JobDisplayState.Running, busy.State);
        Assert.Equal(("Running", "info"), (busy.StateLabel, busy.StateTone));
        Assert.Equal(25, busy.ProgressPercent);
        Assert.Equal("Run #7 (run now) · Copying", busy.RunningText);
    }

    [Fact]
    public void RetryText_PendingRetry_SaysWhenAndAfterHowManyFailures()
    {
        // Act
        var model = Model(Info(lastRun: Run(JobOutcome.Failed)) with { RetryAtUtc = s_now.AddMinutes(4), ConsecutiveFailures = 2 });

        // Assert
        Assert.Equal("Retrying at 12:04:00 UTC after 2 failure(s)", model.RetryText);
        Assert.Equal(("Failing", "bad"), (model.StateLabel, model.StateTone));
    }

    [Fact]
    public void IsDefaultSchedule_ComparesTheCronInForceWithTheDefault()
    {
        Assert.True(Model(Info()).IsDefaultSchedule);
        Assert.False(Model(Info() with { Cron = "15 4 * * *" }).IsDefaultSchedule);
        Assert.Equal("Every day at 03:00 UTC", Model(Info()).ScheduleText);
    }

    [Theory]
    [InlineData(JobTrigger.Schedule, 1, "scheduled")]
    [InlineData(JobTrigger.Manual, 1, "run now")]
    [InlineData(JobTrigger.Retry, 3, "retry, attempt 3")]
    public void Labels_Trigger(JobTrigger trigger, int attempt, string expected) => Assert.Equal(expected, JobViewModel.Labels.Trigger(trigger, attempt));

    private static JobViewModel Model(JobInfo info) => new() { Job = info };

    private static JobInfo Info(JobRunRecord? lastRun = null, bool paused = false, JobRunProgress? running = null) =>
        new("j", "Job", "Does things.", "0 3 * * *", "0 3 * * *", paused, paused ? null : s_now.AddHours(15), lastRun, running, null, lastRun?.Outcome == JobOutcome.Failed ? 1 : 0);

    private static JobRunRecord Run(JobOutcome outcome) => new(1, "j", s_now.AddHours(-1), s_now.AddHours(-1).AddSeconds(3), outcome, JobTrigger.Schedule, 1, "msg", 0, null);
}
