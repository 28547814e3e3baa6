using System.Net;
using System.Text;
using RelayWeb.Api.Contracts;

namespace RelayWeb.IntegrationTests.Operations;

public sealed class BackupsApiTests : IClassFixture<RelayWebFactory>
{
    private readonly RelayWebFactory _factory;

    public BackupsApiTests(RelayWebFactory factory) => _factory = factory;

    [Fact]
    public async Task CreateBackup_202ThenListedAndDownloadableByAnAdmin()
    {
        // Arrange
        using var admin = _factory.CreateAdminClient();
        using var readOnly = _factory.CreateApiClient(_factory.ReadOnlyToken);

        // Act
        var response = await admin.PostEmptyAsync("/api/v1/backups");
        var run = await response.ReadJsonAsync<JobRunDto>();
        var finished = await Eventually.GetAsync(async () => await (await admin.GetWithTimeoutAsync(response.Headers.Location!.ToString())).ReadJsonAsync<JobRunDto>(),
            r => r.Outcome != "running", "the backup to finish");
        var list = await (await readOnly.GetWithTimeoutAsync("/api/v1/backups")).ReadJsonAsync<BackupListDto>();
        var backup = list.Backups.First();
        var download = await admin.GetWithTimeoutAsync(backup.Download);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        var forbidden = await readOnly.GetWithTimeoutAsync(backup.Download);

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("database-backup", run.Job);
        Assert.Equal("succeeded", finished.Outcome);
        Assert.Matches("^relay-\\d{8}-\\d{6}(-\\d+)?\\.db$", backup.Name);
        Assert.Contains(backup.Name, finished.Message);
        Assert.True(backup.SizeBytes > 0);
        Assert.Equal(7, list.Keep);
        Assert.Equal("database-backup", list.Job!.Name);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(backup.SizeBytes, bytes.Length);
        Assert.Equal("SQLite format 3\0", Encoding.ASCII.GetString(bytes, 0, 16));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/backups/relay-20000101-000000.db")]
    [InlineData("/api/v1/backups/..%2Frelay.db")]
    [InlineData("/api/v1/backups/relay.db")]
    public async Task Download_NotABackup_404(string url)
    {
        using var admin = _factory.CreateAdminClient();

        var response = await admin.GetWithTimeoutAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Settings_PutThenGet_RoundTripsAndInvalidValuesNameTheirFields()
    {
        // Arrange
        using var admin = _factory.CreateAdminClient();

        // Act
        var bad = await admin.PutJsonAsync("/api/v1/settings", new { retentionDays = new Dictionary<string, int> { ["ledger"] = -5 }, backupKeep = 0 });
        var errors = (await bad.ReadJsonElementAsync()).GetProperty("errors");
        var good = await admin.PutJsonAsync("/api/v1/settings", new { retentionDays = new Dictionary<string, int> { ["ledger"] = 60 } });
        var settings = await (await _factory.CreateApiClient(_factory.ReadOnlyToken).GetWithTimeoutAsync("/api/v1/settings")).ReadJsonAsync<SettingsDto>();

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(errors.TryGetProperty("retentionDays.ledger", out _));
        Assert.True(errors.TryGetProperty("backupKeep", out _));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(60, settings.RetentionDays!["ledger"]);
        Assert.Equal(30, settings.RetentionDays["job_runs"]);
        Assert.Equal(7, settings.BackupKeep);
    }
}
