using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class RelaysPageTests(DashboardFixture app)
{
    [Fact]
    public async Task NewRelayDialog_CreatesTcpRelay_ThatRunsAndForwards()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        await using var session = await app.SignInAsync("/relays");
        var page = session.Page;
        var name = "web-" + Guid.NewGuid().ToString("N")[..6];
        var port = DashboardFixture.FreeTcpPort();

        await Expect(page.GetByTestId("new-relay")).ToBeVisibleAsync();
        if (await page.GetByTestId("relays-empty").IsVisibleAsync()) await app.ScreenshotAsync(page, "relays-empty");

        // Act
        var dialog = await page.OpenDialogAsync(page.GetByTestId("new-relay"));
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByTestId("relay-name").FillAsync(name);
        await dialog.GetByTestId("relay-listen").FillAsync($"127.0.0.1:{port}");
        await dialog.GetByTestId("relay-targets").FillAsync(echo.EndPoint.ToString());
        await app.ScreenshotAsync(page, "relay-dialog");
        await dialog.GetByTestId("relay-save").ClickAsync();

        // Assert
        await Expect(dialog).ToBeHiddenAsync();
        var row = page.Locator($"[data-testid=relay-row][data-relay-name='{name}']");
        await Expect(row.GetByTestId("relay-status")).ToHaveAttributeAsync("data-status", "Running");
        await Expect(row.GetByTestId("relay-listen-cell")).ToHaveTextAsync($"127.0.0.1:{port}");
        await Expect(page.Locator(".rz-notification-item").Filter(new() { HasText = $"{name} created" })).ToBeVisibleAsync();

        await using var client = await DashboardFixture.ConnectAsync(port);
        Assert.Equal("ping through the relay", await client.EchoAsync("ping through the relay"));
        await Expect(row.GetByTestId("relay-active")).ToHaveTextAsync("1");
        await app.ScreenshotAsync(page, "relays");
    }

    [Fact]
    public async Task NewRelayDialog_BadListenAddress_ShowsErrorNextToListenField()
    {
        // Arrange
        await using var session = await app.SignInAsync("/relays");
        var page = session.Page;
        var name = "bad-" + Guid.NewGuid().ToString("N")[..6];
        var dialog = await page.OpenDialogAsync(page.GetByTestId("new-relay"));

        // Act
        await dialog.GetByTestId("relay-name").FillAsync(name);
        await dialog.GetByTestId("relay-listen").FillAsync("not-an-ip:80");
        await dialog.GetByTestId("relay-targets").FillAsync("127.0.0.1:9");
        await dialog.GetByTestId("relay-save").ClickAsync();

        // Assert: the message sits inside the listen field's own form field, and nowhere else.
        var listenField = dialog.Locator(".rz-form-field", new() { Has = page.GetByTestId("relay-listen") });
        await Expect(listenField.GetByTestId("error-listen")).ToContainTextAsync("is not an IP address");
        await Expect(dialog.GetByTestId("error-name")).ToHaveCountAsync(0);
        await Expect(dialog.GetByTestId("error-targets")).ToHaveCountAsync(0);
        await Expect(dialog).ToBeVisibleAsync();
        await app.ScreenshotAsync(page, "relay-dialog-error");

        await dialog.GetByTestId("relay-cancel").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator($"[data-testid=relay-row][data-relay-name='{name}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RelayDetail_ShowsStateAndLiveConnections_AndClosesOne()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        var name = "detail-" + Guid.NewGuid().ToString("N")[..6];
        var (id, port) = await app.CreateTcpRelayAsync(name, echo.EndPoint);
        await using var session = await app.SignInAsync("/relays");
        var page = session.Page;

        // Act
        await page.Locator($"[data-testid=relay-row][data-relay-name='{name}']").ClickAsync();
        await using var client = await DashboardFixture.ConnectAsync(port);
        Assert.Equal("hello detail", await client.EchoAsync("hello detail"));

        // Assert
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/relays/{id}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("relay-status").First).ToHaveAttributeAsync("data-status", "Running");
        await Expect(page.GetByTestId("detail-listen")).ToHaveTextAsync($"127.0.0.1:{port}");
        var row = page.Locator($"[data-testid=live-row][data-source='{client.LocalEndPoint.ToString()}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.GetByTestId("detail-active-value")).ToHaveTextAsync("1");
        await Expect(row.GetByTestId("live-bytes-up")).ToHaveTextAsync("12 B");
        await Expect(page.GetByTestId("detail-chart")).Not.ToHaveAttributeAsync("data-points", new System.Text.RegularExpressions.Regex("^[01]$"));
        await Expect(page.GetByTestId("detail-chart").Locator("svg path").First).ToBeAttachedAsync();
        await app.ScreenshotAsync(page, "relay-detail");

        await row.GetByTestId("live-close").ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Close connection" }).ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-state", "closed");
        Assert.True(await client.WaitForCloseAsync(), "the relay did not close the client");
    }
}
