using System.Globalization;
using static Microsoft.Playwright.Assertions;

using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class OverviewPageTests(DashboardFixture app)
{
    [Fact]
    public async Task ActiveConnectionsTileAndChart_UpdateLive_WhenAConnectionOpens()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        var (_, port) = await app.CreateTcpRelayAsync("ovw-" + Guid.NewGuid().ToString("N")[..6], echo.EndPoint);
        await using var session = await app.SignInAsync("/");
        var page = session.Page;
        var tile = page.GetByTestId("tile-active-value");
        var before = await app.ActiveConnectionsAsync();
        await Expect(tile).ToHaveTextAsync(before.ToString(CultureInfo.InvariantCulture));

        // Act
        await using var client = await DashboardFixture.ConnectAsync(port);
        Assert.Equal(new string('x', 2048), await client.EchoAsync(new string('x', 2048)));

        // Assert: the tile goes up without a reload, and the chart has points.
        await Expect(tile).ToHaveTextAsync((before + 1).ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("overview-chart")).Not.ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex("^[01]$"));
        await Expect(page.GetByTestId("overview-chart").Locator("svg path").First).ToBeAttachedAsync();
        await Expect(page.GetByTestId("count-running")).Not.ToHaveTextAsync("0 running");
        await app.ScreenshotAsync(page, "overview");
    }
}
