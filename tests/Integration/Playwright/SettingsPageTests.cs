using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class SettingsPageTests(DashboardFixture app)
{
    [Fact]
    public async Task BackUpNow_NewBackupListedWithSizeAndDownloads()
    {
        // Arrange
        await using var session = await app.SignInAsync("/settings");
        var page = session.Page;
        var before = await page.GetByTestId("backup-row").CountAsync();

        // Act
        await page.GetByTestId("backup-now").ClickAsync();

        // Assert: the list grows by one, and the file downloads as a SQLite database.
        await Expect(page.GetByTestId("backup-row")).ToHaveCountAsync(before + 1);
        await Expect(page.Locator(".rz-notification-item").Filter(new() { HasText = "Backup written" })).ToBeVisibleAsync();
        var newest = page.GetByTestId("backup-row").First;
        await Expect(newest.GetByTestId("backup-name")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^relay-\d{8}-\d{6}(-\d+)?\.db$"));
        await app.ScreenshotAsync(page, "settings");
        var download = await page.RunAndWaitForDownloadAsync(() => newest.GetByTestId("backup-download").ClickAsync());
        var path = await download.PathAsync();
        var header = new byte[16];
        await using (var file = File.OpenRead(path))
        {
            await file.ReadExactlyAsync(header);
        }
        Assert.Equal("SQLite format 3\0", Encoding.ASCII.GetString(header));
    }

    [Fact]
    public async Task Retention_EmptyFieldExplained_ValidValueSaved()
    {
        // Arrange
        await using var session = await app.SignInAsync("/settings");
        var page = session.Page;
        var ledger = page.GetByTestId("retention-ledger").Locator("input");
        try
        {
            // Act 1
            await ledger.FillAsync("");
            await page.GetByTestId("settings-save").ClickAsync();
            await Expect(page.GetByTestId("retention-ledger-error")).ToContainTextAsync("Enter a number of days");

            // Act 2
            await ledger.FillAsync("45");
            await ledger.BlurAsync();
            await page.GetByTestId("settings-save").ClickAsync();

            // Assert
            await Expect(page.Locator(".rz-notification-item").Filter(new() { HasText = "Settings saved" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("retention-ledger-error")).ToHaveCountAsync(0);
            using var settings = JsonDocument.Parse(await app.Api.GetStringAsync("/api/v1/settings"));
            Assert.Equal(45, settings.RootElement.GetProperty("retentionDays").GetProperty("ledger").GetInt32());
        }
        finally
        {
            await app.Api.PutAsync("/api/v1/settings", new StringContent("{\"retentionDays\":{\"ledger\":30}}", Encoding.UTF8, "application/json"));
        }
    }
}
