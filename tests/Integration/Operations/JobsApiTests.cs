using System.Net;
using System.Text.Json;
using RelayWeb.Api.Contracts;

namespace RelayWeb.IntegrationTests.Operations;

/// <summary>The jobs API on its own app (these tests pause and reschedule jobs, which other tests must not see).</summary>
public sealed class JobsApiTests : IClassFixture<RelayWebFactory>
{
    private readonly RelayWebFactory _factory;

    public JobsApiTests(RelayWebFactory factory) => _factory = factory;

    [Fact]
    public async Task ListJobs_ReadOnlyToken_RetentionAndBackupWithScheduleAndNextRun()
    {
        // Arrange
        using var client = _factory.CreateApiClient(_factory.ReadOnlyToken);

        // Act
        var jobs = await (await client.GetWithTimeoutAsync("/api/v1/jobs")).ReadJsonAsync<List<JobDto>>();

        // Assert
        var retention = Assert.Single(jobs, j => j.Name == "ledger-retention");
        var backup = Assert.Single(jobs, j => j.Name == "database-backup");
        Assert.Equal("30 3 * * *", retention.DefaultCron);
        Assert.Equal("0 3 * * *", backup.DefaultCron);
        Assert.All(jobs, j => Assert.NotNull(j.NextRunUtc));
    }

    [Fact]
    public async Task UpdateJob_InvalidCron_400NamingTheField()
    {
        // Arrange
        using var client = _factory.CreateAdminClient();

        // Act
        var response = await client.PutJsonAsync("/api/v1/jobs/ledger-retention", new { cron = "0 0 25 * * ?" });
        var problem = await response.ReadJsonElementAsync();

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Hour", problem.GetProperty("errors").GetProperty("cron")[0].GetString());
    }

    [Fact]
    public async Task UpdateJob_ValidCron_AppliedAtOnce()
    {
        // Arrange
        using var client = _factory.CreateAdminClient();

        // Act
        var response = await client.PutJsonAsync("/api/v1/jobs/ledger-retention", new { cron = "45 2 * * *" });
        var job = await response.ReadJsonAsync<JobDto>();
        var again = await (await client.GetWithTimeoutAsync("/api/v1/jobs/ledger-retention")).ReadJsonAsync<JobDto>();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("45 2 * * *", job.Cron);
        Assert.Equal(new TimeOnly(2, 45), TimeOnly.FromDateTime(job.NextRunUtc!.Value));
        Assert.Equal("45 2 * * *", again.Cron);
    }

    [Fact]
    public async Task PauseAndResume_ShownInTheJob()
    {
        // Arrange
        using var client = _factory.CreateAdminClient();

        // Act
        var paused = await (await client.PostEmptyAsync("/api/v1/jobs/database-backup/pause")).ReadJsonAsync<JobDto>();
        var resumed = await (await client.PostEmptyAsync("/api/v1/jobs/database-backup/resume")).ReadJsonAsync<JobDto>();

        // Assert
        Assert.True(paused.Paused);
        Assert.Equal("paused", paused.Status);
        Assert.Null(paused.NextRunUtc);
        Assert.False(resumed.Paused);
        Assert.NotNull(resumed.NextRunUtc);
    }

    [Fact]
    public async Task RunJob_Retention_202ThenTheRunSucceedsAndIsInTheHistory()
    {
        // Arrange
        using var client = _factory.CreateAdminClient();

        // Act
        var response = await client.PostEmptyAsync("/api/v1/jobs/ledger-retention/run");
        var started = await response.ReadJsonAsync<JobRunDto>();
        var location = response.Headers.Location!.ToString();
        var finished = await Eventually.GetAsync(async () => await (await client.GetWithTimeoutAsync(location)).ReadJsonAsync<JobRunDto>(),
            run => run.Outcome != "running", "the retention run to finish");
        var history = await (await client.GetWithTimeoutAsync("/api/v1/jobs/ledger-retention/runs?limit=5")).ReadJsonAsync<List<JobRunDto>>();

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/jobs/ledger-retention/runs/{started.Id}", location);
        Assert.Equal(("manual", "token:api-token"), (started.Trigger, started.Actor));
        Assert.Equal("succeeded", finished.Outcome);
        Assert.NotNull(finished.EndedUtc);
        Assert.StartsWith("Deleted", finished.Message);
        Assert.Contains(history, r => r.Id == started.Id && r.Outcome == "succeeded");
    }

    [Fact]
    public async Task Writes_ReadOnlyToken_403()
    {
        // Arrange
        using var client = _factory.CreateApiClient(_factory.ReadOnlyToken);

        // Act + Assert
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostEmptyAsync("/api/v1/jobs/ledger-retention/run")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostEmptyAsync("/api/v1/jobs/ledger-retention/pause")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutJsonAsync("/api/v1/jobs/ledger-retention", new { cron = "0 1 * * *" })).StatusCode);
    }

    [Fact]
    public async Task UnknownJob_404ProblemDetails()
    {
        // Arrange
        using var client = _factory.CreateAdminClient();

        // Act
        var get = await client.GetWithTimeoutAsync("/api/v1/jobs/nope");
        var run = await client.PostEmptyAsync("/api/v1/jobs/nope/run");
        var runs = await client.GetWithTimeoutAsync("/api/v1/jobs/ledger-retention/runs/999999");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, runs.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheJobsBackupsAndSettingsEndpoints()
    {
        // Act
        var text = await (await _factory.CreateApiClient(null).GetWithTimeoutAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths");

        // Assert
        foreach (var path in new[] { "/api/v1/jobs", "/api/v1/jobs/{name}", "/api/v1/jobs/{name}/runs", "/api/v1/jobs/{name}/run", "/api/v1/backups", "/api/v1/backups/{name}", "/api/v1/settings" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"missing {path}");
        }
    }
}
