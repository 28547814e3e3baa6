using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed class RelayLifecycleTests(DashboardFixture app)
{
    [Fact]
    public async Task StopStartEditDelete_FromTheRelaysGrid()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        var name = "life-" + Guid.NewGuid().ToString("N")[..6];
        var (id, _) = await app.CreateTcpRelayAsync(name, echo.EndPoint);
        await using var session = await app.SignInAsync("/relays");
        var page = session.Page;
        var row = page.Locator($"[data-testid=relay-row][data-relay-id='{id}']");
        var status = row.GetByTestId("relay-status");
        await Expect(status).ToHaveAttributeAsync("data-status", "Running");

        // Act + Assert: stop (no open connections, so no confirmation), then start again.
        await row.GetByTestId("relay-stop").ClickAsync();
        await Expect(status).ToHaveAttributeAsync("data-status", "Stopped");
        await row.GetByTestId("relay-start").ClickAsync();
        await Expect(status).ToHaveAttributeAsync("data-status", "Running");

        // Edit: the dialog opens with the stored values; rename.
        var dialog = await page.OpenDialogAsync(row.GetByTestId("relay-edit"));
        await Expect(dialog.GetByTestId("relay-name")).ToHaveValueAsync(name);
        await Expect(dialog.GetByTestId("relay-targets")).ToHaveValueAsync(echo.EndPoint.ToString());
        await dialog.GetByTestId("relay-name").FillAsync(name + "-renamed");
        await dialog.GetByTestId("relay-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(row).ToHaveAttributeAsync("data-relay-name", name + "-renamed");

        // Delete asks first.
        await row.GetByTestId("relay-delete").ClickAsync();
        await Expect(page.GetByText($"Delete {name}-renamed?")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Alertdialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RelayOnATakenPort_IsFaultedWithItsReason_OnRelaysAndOverview()
    {
        // Arrange: a port some other program holds.
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var name = "taken-" + Guid.NewGuid().ToString("N")[..6];
        var response = await app.Api.PostAsJsonAsync("/api/v1/relays", new { name, listen = $"127.0.0.1:{port}", targets = new[] { "127.0.0.1:9" } });
        response.EnsureSuccessStatusCode();
        var id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        try
        {
            await using var session = await app.SignInAsync("/relays");
            var page = session.Page;

            // Assert: red badge with the reason in the grid.
            var row = page.Locator($"[data-testid=relay-row][data-relay-name='{name}']");
            await Expect(row.GetByTestId("relay-status")).ToHaveAttributeAsync("data-status", "Faulted");
            await Expect(row.GetByTestId("relay-status-reason")).Not.ToBeEmptyAsync();
            await app.ScreenshotAsync(page, "relays-faulted");

            // ...and listed under "Needs attention" on the Overview.
            await page.GetByTestId("nav-overview").ClickAsync();
            var faulted = page.GetByTestId("faulted-relay").Filter(new() { HasText = name });
            await Expect(faulted).ToBeVisibleAsync();
            await Expect(page.GetByTestId("count-faulted")).Not.ToHaveTextAsync("0 faulted");
            await app.ScreenshotAsync(page, "overview-faulted");
        }
        finally
        {
            await app.Api.DeleteAsync($"/api/v1/relays/{id}");
        }
    }
}
