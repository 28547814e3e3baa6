using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class JobsPageTests(DashboardFixture app)
{
    [Fact]
    public async Task RunNow_RetentionRuns_OutcomeAndHistoryShown()
    {
        // Arrange
        await using var session = await app.SignInAsync("/jobs");
        var page = session.Page;
        var card = JobCard(page, "ledger-retention");
        await Expect(JobCard(page, "database-backup")).ToBeVisibleAsync();
        await Expect(card.GetByTestId("job-schedule")).ToHaveTextAsync("Every day at 03:30 UTC");

        // Act
        await card.GetByTestId("job-run").ClickAsync();

        // Assert
        await Expect(card.GetByTestId("job-last-outcome")).ToHaveAttributeAsync("data-state", "Succeeded");
        await Expect(card.GetByTestId("job-last-message")).ToContainTextAsync("Deleted");
        await card.GetByTestId("job-history-toggle").ClickAsync();
        await Expect(card.Locator("[data-testid=job-run-row][data-outcome=Succeeded]").First).ToBeVisibleAsync();
        await Expect(card.GetByTestId("job-history")).ToContainTextAsync("run now");
        await app.ScreenshotAsync(page, "jobs");
    }

    [Fact]
    public async Task ChangeSchedule_InvalidIsExplained_ValidIsAppliedWithItsNextRuns()
    {
        // Arrange
        await using var session = await app.SignInAsync("/jobs");
        var page = session.Page;
        var card = JobCard(page, "database-backup");
        await card.GetByTestId("job-edit-schedule").ClickAsync();
        var input = card.GetByTestId("job-cron-input");

        try
        {
            // Act 1: an hour that does not exist.
            await input.FillAsync("0 25 * * *");
            await Expect(card.GetByTestId("job-cron-error")).ToContainTextAsync("not a valid cron expression");
            await app.ScreenshotAsync(page, "jobs-schedule-invalid");

            // Act 2: a valid schedule, previewed in words, then saved.
            await input.FillAsync("15 4 * * *");
            await Expect(card.GetByTestId("job-cron-preview")).ToContainTextAsync("Every day at 04:15 UTC");
            await card.GetByTestId("job-cron-save").ClickAsync();

            // Assert
            await Expect(card.GetByTestId("job-schedule")).ToHaveTextAsync("Every day at 04:15 UTC");
            await Expect(card.GetByTestId("job-cron")).ToHaveTextAsync("15 4 * * *");
            using var job = JsonDocument.Parse(await app.Api.GetStringAsync("/api/v1/jobs/database-backup"));
            Assert.Equal("15 4 * * *", job.RootElement.GetProperty("cron").GetString());
        }
        finally
        {
            await app.Api.PutAsync("/api/v1/jobs/database-backup", new StringContent("{\"cron\":\"0 3 * * *\"}", System.Text.Encoding.UTF8, "application/json"));
        }
    }

    [Fact]
    public async Task PauseAndResume_StateAndNextRunFollow()
    {
        // Arrange
        await using var session = await app.SignInAsync("/jobs");
        var page = session.Page;
        var card = JobCard(page, "ledger-retention");

        // Act + Assert
        await card.GetByTestId("job-pause").ClickAsync();
        await Expect(card.GetByTestId("job-state")).ToHaveAttributeAsync("data-state", "Paused");
        await Expect(card.GetByTestId("job-next")).ToContainTextAsync("Paused");
        await app.ScreenshotAsync(page, "jobs-paused");
        await card.GetByTestId("job-resume").ClickAsync();
        await Expect(card.GetByTestId("job-state")).Not.ToHaveAttributeAsync("data-state", "Paused");
        await Expect(card.GetByTestId("job-next").Locator("time")).ToBeVisibleAsync();
    }

    private static ILocator JobCard(IPage page, string job) => page.Locator($"[data-testid=job-card][data-job='{job}']");
}
