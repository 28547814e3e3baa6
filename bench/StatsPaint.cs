#:property PublishAot=false
#:property Nullable=enable
#:package Microsoft.Playwright
// First paint of the Statistics page for bench/stats.sh (a .NET 10 file-based app):
//   dotnet run bench/StatsPaint.cs -- URL ADMIN_PASSWORD N
// Signs in through the login form in headless Chromium (/usr/bin/chromium, or $RELAY_CHROMIUM), then N times opens
// /statistics?range=Last30Days in a fresh page and times navigation start → the chart and the five top tables visible.
using System.Diagnostics;
using Microsoft.Playwright;

var url = args[0];
var password = args[1];
var n = int.Parse(args[2]);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Environment.GetEnvironmentVariable("RELAY_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
context.SetDefaultTimeout(60_000);
var login = await context.NewPageAsync();
await login.GotoAsync("/login");
await login.GetByTestId("login-username").FillAsync("admin");
await login.GetByTestId("login-password").FillAsync(password);
await login.GetByTestId("login-submit").ClickAsync();
await login.GetByTestId("logout").WaitForAsync();
await login.CloseAsync();

var times = new List<double>();
for (var i = 0; i <= n; i++)
{
    var page = await context.NewPageAsync();
    var watch = Stopwatch.StartNew();
    await page.GotoAsync("/statistics?range=Last30Days");
    await page.GetByTestId("stats-chart").WaitForAsync();
    foreach (var table in new[] { "hosts", "destinations", "sources", "agents", "relays" })
    {
        await page.GetByTestId("stats-top-" + table).Locator("[data-testid=stats-row]").First.WaitForAsync();
    }
    if (i > 0) times.Add(watch.Elapsed.TotalMilliseconds); // the first load also warms the server's page code
    if (i == n) await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "relay-stats-bench.png"), FullPage = true });
    await page.CloseAsync();
}
times.Sort();
Console.WriteLine($"Statistics page, 30 d, until chart and five top tables are shown in Chromium: p50 {times[times.Count / 2]:N0} ms, " +
    $"p95 {times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)]:N0} ms, max {times[^1]:N0} ms over {times.Count} loads (target < 2000 ms)");
