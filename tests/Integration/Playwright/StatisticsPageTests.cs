using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RelayWeb.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class StatisticsPageTests(DashboardFixture app)
{
    [Fact]
    public async Task Statistics_TrafficThroughARelay_ChartTopTablesAndDrillDownToItsConnections()
    {
        // Arrange: two connections through a new relay, then wait until the stats API counts them.
        await using var echo = new LoopbackEchoServer();
        var name = "stats-" + Guid.NewGuid().ToString("N")[..6];
        var (relayId, port) = await app.CreateTcpRelayAsync(name, echo.EndPoint);
        for (var i = 0; i < 2; i++)
        {
            await using var client = await DashboardFixture.ConnectAsync(port);
            Assert.Equal("hello statistics", await client.EchoAsync("hello statistics"));
        }
        await Eventually.GetAsync(
            async () => JsonDocument.Parse(await app.Api.GetStringAsync($"/api/v1/stats?relay={relayId}&range=1h")).RootElement.GetProperty("totals").GetProperty("closed").GetInt64(),
            closed => closed == 2, "both connections counted by /api/v1/stats");

        // Act
        await using var session = await app.SignInAsync("/");
        var page = session.Page;
        await page.GetByTestId("nav-statistics").ClickAsync();
        await page.GetByTestId("stats-range").GetByText("1 h").ClickAsync();

        // Assert: the chart has its minutes, the relay is in the top relays, and its row leads to its connections.
        await Expect(page.GetByTestId("stats-chart")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("stats-chart").Locator("svg path, svg rect").First).ToBeAttachedAsync();
        // The page first shows the default 24 h (25 hourly points); the 1 h range re-renders with its 60 or 61 minutes.
        await Expect(page.GetByTestId("stats-chart")).ToHaveAttributeAsync("data-points", new Regex("^6[01]$"));
        var relays = page.GetByTestId("stats-top-relays");
        var row = relays.Locator($"[data-testid=stats-row][data-key='{relayId}']");
        await Expect(row).ToContainTextAsync(name);
        await Expect(page.GetByTestId("stats-top-hosts").Locator("[data-testid=stats-row][data-key='127.0.0.1']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("stats-tile-connections")).Not.ToContainTextAsync("—");
        await app.ScreenshotAsync(page, "statistics");

        await row.GetByTestId("stats-drill").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/connections?view=history", StringComparison.Ordinal) && url.Contains("relay=" + relayId, StringComparison.Ordinal));
        await Expect(page.GetByTestId("history-total")).ToHaveTextAsync("2 connections");
        await Expect(page.Locator("[data-testid=history-row]")).ToHaveCountAsync(2);
        await app.ScreenshotAsync(page, "statistics-drilldown");
    }

    [Fact]
    public async Task Statistics_FilterMatchesNothing_EmptyStateSaysWhatToDo()
    {
        await using var session = await app.SignInAsync("/statistics");
        var page = session.Page;

        await page.GetByTestId("stats-host").FillAsync("no-such-host-*.invalid");
        await page.GetByTestId("stats-host").PressAsync("Tab");

        await Expect(page.GetByTestId("stats-empty")).ToContainTextAsync("Send traffic through a relay");
        await app.ScreenshotAsync(page, "statistics-empty");
    }
}
