using Microsoft.Playwright;
using RelayWeb.IntegrationTests.Sync.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RelayWeb.IntegrationTests.Playwright;

/// <summary>
/// The master side of agents in the browser, with a real <c>relay agent</c> process syncing to the dashboard's process:
/// the Agents page shows it online, a relay placed on it from the relay dialog runs there, and it turns offline (and
/// back online) live when the agent dies and comes back.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AgentsPageTests(DashboardFixture app) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-pw-agent-").FullName;
    private readonly string _agentId = "pw-" + Guid.NewGuid().ToString("N")[..6];
    private AgentNode _agent = default!;

    public Task InitializeAsync()
    {
        _agent = new AgentNode(_directory, _agentId, app.BaseUrl.ToString().TrimEnd('/'));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Agent_ShownOnlineWithItsRelay_AssignedFromTheDialog_GoesOfflineAndBackLive()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        await _agent.StartAsync(DashboardFixture.ApiToken);
        await using var session = await app.SignInAsync("/agents");
        var page = session.Page;
        var agentRow = page.Locator($"[data-testid=agent-row][data-agent-id='{_agentId}']");
        await Expect(agentRow.GetByTestId("agent-status")).ToHaveAttributeAsync("data-status", "online");

        // Act 1: place a new relay on the agent from the relay dialog.
        var name = "on-agent-" + Guid.NewGuid().ToString("N")[..6];
        var port = DashboardFixture.FreeTcpPort();
        await page.GotoAsync("/relays");
        await page.GetByTestId("new-relay").ClickAsync();
        var dialog = page.Locator(".rz-dialog");
        await dialog.GetByTestId("relay-name").FillAsync(name);
        await dialog.GetByTestId("relay-runs-on").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = $"Agent {_agentId}" }).ClickAsync();
        await dialog.GetByTestId("relay-listen").FillAsync($"127.0.0.1:{port}");
        await dialog.GetByTestId("relay-targets").FillAsync(echo.EndPoint.ToString());
        await app.ScreenshotAsync(page, "relay-dialog-runs-on");
        await dialog.GetByTestId("relay-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        var relayRow = page.Locator($"[data-testid=relay-row][data-relay-name='{name}']");
        await Expect(relayRow.GetByTestId("relay-runs-on")).ToContainTextAsync(_agentId);
        await Expect(relayRow.GetByTestId("relay-status")).ToHaveAttributeAsync("data-status", "Running");
        await using (var client = await DashboardFixture.ConnectAsync(port))
        {
            Assert.Equal("via the agent", await client.EchoAsync("via the agent"));
        }
        await app.ScreenshotAsync(page, "relays-with-agent");

        // Act 2: the agent dies, then comes back, while the Agents page stays open.
        await page.GotoAsync("/agents");
        await Expect(agentRow.GetByTestId("agent-relay")).ToContainTextAsync(name);
        await app.ScreenshotAsync(page, "agents");
        _agent.Kill();
        await Expect(agentRow.GetByTestId("agent-status")).ToHaveAttributeAsync("data-status", "offline", new() { Timeout = 20_000 });
        await app.ScreenshotAsync(page, "agents-offline");
        await _agent.StartAsync(DashboardFixture.ApiToken);

        // Assert
        await Expect(agentRow.GetByTestId("agent-status")).ToHaveAttributeAsync("data-status", "online", new() { Timeout = 20_000 });
        await Expect(agentRow.GetByTestId("agent-relay")).ToContainTextAsync(name);
        var health = await _agent.HealthAsync();
        Assert.Equal(1, health.GetProperty("runningRelays").GetInt32());
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a log file still being closed
        }
    }
}
