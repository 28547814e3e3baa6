using RelayWeb.Retention;
using RelayWeb.Settings;
using RelayWeb.ViewModels;

namespace RelayWeb.UnitTests.Web.ViewModels;

public sealed class SettingsFormModelTests
{
    private static readonly IRetentionTarget[] s_targets = [new Target("ledger", "Closed connections"), new Target("job_runs", "Job history")];

    [Fact]
    public void From_SettingsAndTargets_AFieldPerKindInRegistrationOrder()
    {
        // Act
        var form = SettingsFormModel.From(new OperationsSettings(new Dictionary<string, int> { ["ledger"] = 90, ["job_runs"] = 30 }, 5), s_targets);

        // Assert
        Assert.Equal([("ledger", 90), ("job_runs", 30)], form.Retention.Select(f => (f.Kind, f.Days ?? -1)));
        Assert.Equal(5, form.BackupKeep);
        Assert.Equal("retentionDays.ledger", form.Retention[0].ErrorKey);
    }

    [Fact]
    public void ToUpdate_EmptyField_ErrorUnderThatFieldOnly()
    {
        // Arrange
        var form = SettingsFormModel.From(new OperationsSettings(new Dictionary<string, int> { ["ledger"] = 30, ["job_runs"] = 30 }, 7), s_targets);
        form.Retention[1].Days = null;

        // Act
        var (days, keep) = form.ToUpdate();

        // Assert
        Assert.Equal(["retentionDays.job_runs"], form.Errors.Keys);
        Assert.Equal(new Dictionary<string, int> { ["ledger"] = 30 }, days);
        Assert.Equal(7, keep);
    }

    [Fact]
    public void SetErrors_ServerErrors_ShownPerField()
    {
        // Arrange
        var form = SettingsFormModel.From(new OperationsSettings(new Dictionary<string, int>(), 7), s_targets);

        // Act
        form.SetErrors(new Dictionary<string, string[]> { ["backupKeep"] = ["Must be between 1 and 1000."] });

        // Assert
        Assert.Equal("Must be between 1 and 1000.", form.ErrorFor("backupKeep"));
        Assert.Null(form.ErrorFor("retentionDays.ledger"));
    }

    private sealed class Target(string kind, string title) : IRetentionTarget
    {
        public string Kind => kind;
        public string Title => title;
        public int DefaultDays => 30;
        public Task<int> DeleteBatchAsync(DateTime cutoffUtc, int batchSize, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}
