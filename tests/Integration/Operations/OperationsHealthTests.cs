using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RelayWeb.Backups;
using RelayWeb.Jobs;

namespace RelayWeb.IntegrationTests.Operations;

/// <summary>/health/ready reports the scheduler and the backups; a failed backup degrades readiness without failing it.</summary>
public sealed class OperationsHealthTests
{
    [Fact]
    public async Task HealthReady_FreshNode_SchedulerAndBackupsHealthy()
    {
        // Arrange
        await using var factory = new RelayWebFactory();
        await factory.InitializeAsync();

        // Act
        var response = await factory.CreateApiClient(null).GetWithTimeoutAsync("/health/ready");
        var checks = (await response.ReadJsonElementAsync()).GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", checks["scheduler"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["backups"].GetProperty("status").GetString());
        Assert.StartsWith("No backup yet", checks["backups"].GetProperty("description").GetString());
    }

    [Fact]
    public async Task HealthReady_LastBackupFailed_DegradedWithTheReasonButStill200()
    {
        // Arrange: the backup job fails (a stand-in with the same name), and is run once.
        await using var factory = new RelayWebFactory
        {
            Settings = new Dictionary<string, string?> { ["Relay:Jobs:MaxAttempts"] = "1" },
            ConfigureServices = services =>
            {
                services.RemoveAll<DatabaseBackupJob>();
                services.RemoveAll<IRelayJob>();
                services.AddRelayJob<FailingBackupJob>();
            },
        };
        await factory.InitializeAsync();
        using var admin = factory.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostEmptyAsync("/api/v1/backups")).StatusCode);
        await Eventually.UntilAsync(async () => (await (await admin.GetWithTimeoutAsync("/api/v1/jobs/database-backup")).ReadJsonElementAsync()).GetProperty("status").GetString() == "failing",
            "the backup job to show failing");

        // Act
        var response = await factory.CreateApiClient(null).GetWithTimeoutAsync("/health/ready");
        var json = await response.ReadJsonElementAsync();
        var checks = json.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", json.GetProperty("status").GetString());
        Assert.Equal("Degraded", checks["backups"].GetProperty("status").GetString());
        Assert.Contains("no space left on device", checks["backups"].GetProperty("description").GetString());
        Assert.Equal("Degraded", checks["scheduler"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["database"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthLive_StaysDependencyFree()
    {
        // Arrange
        await using var factory = new RelayWebFactory();
        await factory.InitializeAsync();

        // Act
        var json = await (await factory.CreateApiClient(null).GetWithTimeoutAsync("/health/live")).ReadJsonElementAsync();

        // Assert
        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Empty(json.GetProperty("checks").EnumerateArray());
    }

    private sealed class FailingBackupJob : IRelayJob
    {
        public string Name => DatabaseBackupJob.JobName;
        public string Title => "Database backup";
        public string Description => "Fails.";
        public string DefaultCron => "0 3 * * *";

        public Task<JobResult> RunAsync(JobRunContext context, CancellationToken cancellationToken) =>
            throw new IOException("no space left on device");
    }
}
