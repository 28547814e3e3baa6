using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Playwright;

[Collection(DashboardCollection.Name)]
public sealed partial class TunnelsPageTests(DashboardFixture app)
{
    [Fact]
    public async Task NewTunnelForm_BothEndsOnThisNode_ConnectsCarriesTrafficAndShowsLiveState()
    {
        // Arrange
        await using var echo = new LoopbackEchoServer();
        var name = "tun-" + Guid.NewGuid().ToString("N")[..6];
        var tunnelPort = DashboardFixture.FreeTcpPort();
        var publicPort = DashboardFixture.FreeTcpPort();
        await using var session = await app.SignInAsync("/");
        var page = session.Page;
        await page.GetByTestId("nav-tunnels").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/tunnels$"));

        // Act: one form, server end and client end on this node, reverse flow, self-signed TLS, generated key
        var dialog = await page.OpenDialogAsync(page.GetByTestId("new-tunnel"));
        await dialog.GetByTestId("tunnel-name").FillAsync(name);
        await dialog.GetByTestId("tunnel-server-address").FillAsync($"127.0.0.1:{tunnelPort}");
        await dialog.GetByTestId("tunnel-server-targets").FillAsync($"127.0.0.1:{publicPort}");
        await dialog.GetByTestId("tunnel-client-targets").FillAsync(echo.Address);
        await Expect(dialog.GetByTestId("tunnel-client-address")).ToHaveAttributeAsync("placeholder", $"127.0.0.1:{tunnelPort} (same node)");
        await dialog.GetByTestId("tunnel-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Assert: the key, once; the card with both ends connected
        await Expect(page.GetByTestId("tunnel-key-value")).ToHaveTextAsync(KeyPattern());
        var card = page.Locator("[data-testid=tunnel-card]").Filter(new() { HasText = name });
        await Expect(card).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = 20_000 });
        await Expect(card.GetByTestId("tunnel-server")).ToHaveAttributeAsync("data-state", "Connected");
        await Expect(card.GetByTestId("tunnel-client")).ToHaveAttributeAsync("data-state", "Connected");
        await Expect(card.GetByTestId("tunnel-server").GetByTestId("tunnel-end-node")).ToHaveTextAsync(new Regex("this node"));
        await Expect(card.GetByTestId("tunnel-client").GetByTestId("tunnel-end-pool")).ToHaveTextAsync(new Regex(@"^[1-9]\d* idle / \d+$"));

        // live: a connection through the tunnel shows up as open, with traffic, without a reload
        await using var tcp = await DashboardFixture.ConnectAsync(publicPort);
        Assert.Equal("hello tunnel", await tcp.EchoAsync("hello tunnel"));
        await Expect(card.GetByTestId("tunnel-server").GetByTestId("tunnel-end-open")).ToHaveTextAsync(new Regex(@"^1\s*/\s*1$"), new() { Timeout = 10_000 });
        await Expect(card.GetByTestId("tunnel-client").GetByTestId("tunnel-end-ping")).ToHaveTextAsync(new Regex(@"ms$"), new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("tunnels-open-value")).Not.ToHaveTextAsync("0");
        await app.ScreenshotAsync(page, "tunnels");

        // the end links to its connections in the ledger
        await Expect(card.GetByTestId("tunnel-server").GetByTestId("tunnel-end-connections")).ToHaveAttributeAsync("href", new Regex(@"/connections\?view=history&relay=[0-9a-f]{12}%3Aserver$"));
        await Expect(card.GetByTestId("tunnel-server")).ToContainTextAsync(new Regex($@"users connect at\s*127\.0\.0\.1:{publicPort}"));
        await page.GetByTestId("tunnel-key-dismiss").ClickAsync();
        await Expect(page.GetByTestId("tunnel-key-once")).ToHaveCountAsync(0);

        // leave the shared dashboard as it was
        var id = await card.GetAttributeAsync("data-tunnel-id");
        (await app.Api.DeleteAsync($"/api/v1/tunnels/{id}")).EnsureSuccessStatusCode();
        await Expect(card).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NewTunnelForm_BadAddresses_ShowsMessagesNextToTheFields()
    {
        await using var session = await app.SignInAsync("/tunnels");
        var page = session.Page;
        var dialog = await page.OpenDialogAsync(page.GetByTestId("new-tunnel"));

        await dialog.GetByTestId("tunnel-server-address").FillAsync("nowhere");
        await dialog.GetByTestId("tunnel-save").ClickAsync();

        await Expect(dialog.GetByTestId("error-server-address")).Not.ToBeEmptyAsync();
        await Expect(dialog.GetByTestId("error-server-targets")).Not.ToBeEmptyAsync();
        await Expect(dialog.GetByTestId("error-client-targets")).Not.ToBeEmptyAsync();
        await app.ScreenshotAsync(page, "tunnels-form-errors");
        await dialog.GetByTestId("tunnel-cancel").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    [Fact]
    public async Task EditTunnel_SameForm_ChangesTargetsPoolLimitsAndTls_AndTrafficFollows()
    {
        // Arrange: a connected tunnel made through the API, both ends on this node
        await using var first = new LoopbackEchoServer();
        await using var second = new LoopbackEchoServer();
        var name = "edit-" + Guid.NewGuid().ToString("N")[..6];
        var tunnelPort = DashboardFixture.FreeTcpPort();
        var publicPort = DashboardFixture.FreeTcpPort();
        var created = await app.Api.PostAsJsonAsync("/api/v1/tunnels", new
        {
            name, flow = "reverse", tls = 1, minPool = 2, maxPool = 8,
            server = new { address = $"127.0.0.1:{tunnelPort}", targets = new[] { $"127.0.0.1:{publicPort}" } },
            client = new { address = $"127.0.0.1:{tunnelPort}", targets = new[] { first.Address } },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        await using var session = await app.SignInAsync("/tunnels");
        var page = session.Page;
        var card = page.Locator($"[data-testid=tunnel-card][data-tunnel-id='{id}']");
        await Expect(card).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = 20_000 });

        // Act: the edit form opens filled in; change the client's target, the pool, rate, slot, read and TLS
        var dialog = await page.OpenDialogAsync(card.GetByTestId("tunnel-edit"));
        await Expect(dialog.GetByTestId("tunnel-name")).ToHaveValueAsync(name);
        await Expect(dialog.GetByTestId("tunnel-client-targets")).ToHaveValueAsync(first.Address);
        await dialog.GetByTestId("tunnel-client-targets").FillAsync(second.Address);
        await NumberInput(dialog, "tunnel-min-pool").FillAsync("4");
        await NumberInput(dialog, "tunnel-rate").FillAsync("50");
        await NumberInput(dialog, "tunnel-slot").FillAsync("20");
        await dialog.GetByTestId("tunnel-read").FillAsync("2m");
        await dialog.GetByTestId("tunnel-tls").GetByText("Off").ClickAsync();
        await dialog.GetByTestId("tunnel-save").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // Assert: the card and the API show the new settings; the tunnel reconnects and carries traffic to the new target
        await Expect(card.GetByTestId("tunnel-settings")).ToHaveTextAsync(new Regex(@"No TLS · pool 4–8 · 50 Mbit/s · 20 slots · idle 2 min"));
        await Expect(card.GetByTestId("tunnel-client")).ToContainTextAsync(second.Address);
        await Expect(card).ToHaveAttributeAsync("data-state", "Connected", new() { Timeout = 20_000 });
        var stored = await app.Api.GetFromJsonAsync<JsonElement>($"/api/v1/tunnels/{id}");
        Assert.Equal((0, 4, 8, 50, 20, 120_000), (stored.GetProperty("tls").GetInt32(), stored.GetProperty("minPool").GetInt32(), stored.GetProperty("maxPool").GetInt32(),
            stored.GetProperty("rateMbps").GetInt32(), stored.GetProperty("maxConnections").GetInt32(), stored.GetProperty("idleTimeoutMs").GetInt32()));
        await using (var tcp = await DashboardFixture.ConnectAsync(publicPort))
        {
            Assert.Equal("after the edit", await tcp.EchoAsync("after the edit"));
        }
        Assert.Equal(1, second.AcceptedCount);
        await app.ScreenshotAsync(page, "tunnels-edited");

        // leave the shared dashboard as it was
        (await app.Api.DeleteAsync($"/api/v1/tunnels/{id}")).EnsureSuccessStatusCode();
        await Expect(card).ToHaveCountAsync(0);
    }

    /// <summary>A RadzenNumeric's input, whether the test id lands on the input or on its wrapper.</summary>
    private static ILocator NumberInput(ILocator dialog, string testId) => dialog.GetByTestId(testId).Locator("xpath=descendant-or-self::input");

    [GeneratedRegex("^[A-Za-z0-9_-]{32}$")]
    private static partial Regex KeyPattern();
}
