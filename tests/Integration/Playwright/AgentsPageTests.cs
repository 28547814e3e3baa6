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
        var dialog = await page.OpenDialogAsync(page.GetByTestId("new-relay"));
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

    [Fact]
    public async Task AgentConnections_ShownPerNode_InHistoryLiveViewAndOverview()
    {
        // Arrange: an agent relays one connection that stays open and one that closes.
        await using var echo = new LoopbackEchoServer();
        var port = DashboardFixture.FreeTcpPort();
        await app.Api.PostAsync("/api/v1/relays", System.Net.Http.Json.JsonContent.Create(new
        {
            name = "node-" + Guid.NewGuid().ToString("N")[..6], protocol = "tcp", listen = $"127.0.0.1:{port}", targets = new[] { echo.EndPoint.ToString() }, agentId = _agentId,
        }));
        await _agent.StartAsync(DashboardFixture.ApiToken);
        await Eventually.GetAsync(_agent.HealthAsync, h => h.GetProperty("runningRelays").GetInt32() == 1, "the agent to run its relay", TestTimeouts.Long);
        await using (var closed = await DashboardFixture.ConnectAsync(port))
        {
            await closed.EchoAsync("closed one");
        }
        await using var open = await DashboardFixture.ConnectAsync(port);
        await open.EchoAsync("open one");
        await Eventually.GetAsync(async () => (await app.Api.GetStringAsync($"/api/v1/connections?agent={_agentId}")).Contains("\"total\":2", StringComparison.Ordinal),
            synced => synced, "the agent to sync both connections", TestTimeouts.Long);
        await using var session = await app.SignInAsync("/");
        var page = session.Page;

        // Act and assert: history filtered by the agent shows its two records with their node.
        await page.GotoAsync($"/connections?view=history&agent={_agentId}");
        await Expect(page.GetByTestId("history-row")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("history-agent-cell").First).ToHaveTextAsync(_agentId);
        await app.ScreenshotAsync(page, "history-by-agent");

        // The Live view of the agent lists the open one (as of its last sync).
        await page.GotoAsync($"/connections?agent={_agentId}");
        await Expect(page.GetByTestId("agent-live-open-count")).ToContainTextAsync($"1 open on {_agentId}", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("agent-live-source")).ToHaveCountAsync(1);

        // The overview lists the agent and charts its traffic.
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("overview-agent").Filter(new() { HasText = _agentId })).ToBeVisibleAsync();
        await page.GetByTestId("chart-node").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = $"Agent {_agentId}" }).ClickAsync();
        await Expect(page.Locator(".relay-card-subtitle", new() { HasText = $"agent {_agentId}" })).ToBeVisibleAsync();
        await app.ScreenshotAsync(page, "overview-agent-chart");
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
