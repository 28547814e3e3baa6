using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class ConnectionsPageTests(DashboardFixture app)
{
    [Fact]
    public async Task LiveConnection_AppearsWithoutReload_ClosedFromUi_ThenHistoryShowsItClosedByAdmin()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        var (_, port) = await app.CreateTcpRelayAsync("conn-" + Guid.NewGuid().ToString("N")[..6], echo.EndPoint);
        await using var session = await app.SignInAsync("/connections");
        var page = session.Page;
        await Expect(page.GetByTestId("live-connections")).ToBeVisibleAsync();

        // Act: open a connection while the page is showing; no reload from here on.
        await using var client = await DashboardFixture.ConnectAsync(port);
        Assert.Equal("hello", await client.EchoAsync("hello"));

        // Assert: it appears live, with its bytes.
        var row = page.Locator($"[data-testid=live-row][data-source='{client.LocalEndPoint.ToString()}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "open");
        await Expect(row.GetByTestId("live-bytes-up")).ToHaveTextAsync("5 B");
        await Expect(row.GetByTestId("live-bytes-down")).ToHaveTextAsync("5 B");
        await app.ScreenshotAsync(page, "connections-live");

        // Act: close it with its Close button and confirm.
        await row.GetByTestId("live-close").ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Close connection" }).ClickAsync();

        // Assert: marked closed in place, and the client really was disconnected.
        await Expect(row).ToHaveAttributeAsync("data-state", "closed");
        await Expect(row.GetByTestId("connection-state")).ToHaveTextAsync("closed by admin");
        await app.ScreenshotAsync(page, "connections-live-closed");
        Assert.True(await client.WaitForCloseAsync(), "the relay did not close the client");

        // Act: switch to History.
        await page.GetByTestId("view-history").ClickAsync();

        // Assert: the ledger has it closed by admin with its byte counts.
        var historyRow = page.Locator($"[data-testid=history-row][data-source='{client.LocalEndPoint.ToString()}']");
        await RefreshUntilVisibleAsync(page.GetByTestId("history-refresh"), historyRow.And(page.Locator("[data-state=closed]")));
        await Expect(historyRow).ToHaveAttributeAsync("data-reason", "ClosedByAdmin");
        await Expect(historyRow.GetByTestId("connection-state")).ToHaveTextAsync("closed by admin");
        await Expect(historyRow.GetByTestId("history-bytes-up")).ToHaveTextAsync("5 B");
        await Expect(historyRow.GetByTestId("history-bytes-down")).ToHaveTextAsync("5 B");
        await Expect(page.GetByTestId("history-export")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/api/v1/connections/export\.csv\?since="));
        await app.ScreenshotAsync(page, "connections-history");
    }

    [Fact]
    public async Task History_FilterBySource_NarrowsTheGrid_AndExportLinkCarriesIt()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        var (_, port) = await app.CreateTcpRelayAsync("hist-" + Guid.NewGuid().ToString("N")[..6], echo.EndPoint);
        string source;
        await using (var client = await DashboardFixture.ConnectAsync(port))
        {
            Assert.Equal("abc", await client.EchoAsync("abc"));
            source = client.LocalEndPoint.ToString();
        }
        await using var session = await app.SignInAsync("/connections?view=history");
        var page = session.Page;

        // Act
        await page.GetByTestId("history-source").FillAsync(source);
        await page.GetByTestId("history-source").PressAsync("Enter");

        // Assert
        var rows = page.GetByTestId("history-row");
        await RefreshUntilVisibleAsync(page.GetByTestId("history-refresh"), rows.First);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-source", source);
        await Expect(page.GetByTestId("history-export")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("source=" + System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(source))));
    }

    /// <summary>The ledger is written a moment after the engine sees a change; press Refresh until the row is there.</summary>
    private static async Task RefreshUntilVisibleAsync(ILocator refresh, ILocator target)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            if (await target.IsVisibleAsync()) return;
            await refresh.ClickAsync();
            try
            {
                await Expect(target).ToBeVisibleAsync(new() { Timeout = 1000 });
                return;
            }
            catch (PlaywrightException)
            {
                // Not written yet; refresh again.
            }
        }
        await Expect(target).ToBeVisibleAsync();
    }
}
