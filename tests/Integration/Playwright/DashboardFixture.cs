using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using RelayWeb.IntegrationTests.Infrastructure;

namespace RelayWeb.IntegrationTests.Playwright;

/// <summary>
/// Starts the real <c>relay</c> binary (the same configuration's <c>src/RelayWeb/bin/&lt;Config&gt;/net10.0/relay.dll</c>) on
/// 127.0.0.1 and a free port with a temporary data directory, and Debian's Chromium through Playwright. Shared by every
/// dashboard test class (<see cref="DashboardCollection"/>); the process is killed at the end.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct-horse-battery";
    internal const string ApiToken = "playwright-test-token-0123456789";
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(90);

    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("relay-playwright-").FullName;
    private Process? _process;
    private IPlaywright? _playwright;

    public Uri BaseUrl { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public HttpClient Api { get; private set; } = default!;

    /// <summary>Full-page screenshots of every page land here (under the test output directory).</summary>
    public string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public string ServerLog
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        var port = FreeTcpPort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        StartServer(port);
        await WaitForStartAsync();

        Api = new HttpClient { BaseAddress = BaseUrl };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);

        // Shared CI machines are slow; the live paths under test update within a second or two.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("RELAY_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (own cookies) and page, 1440×900, English, UTC. Dispose it to close the context.</summary>
    public async Task<BrowserSession> NewSessionAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(15_000);
        return new BrowserSession(await context.NewPageAsync());
    }

    /// <summary>Signs in through the login form, landing on <paramref name="path"/> once its interactive page is up.</summary>
    public async Task<BrowserSession> SignInAsync(string path = "/")
    {
        var session = await NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(path));
        await page.GetByTestId("login-username").FillAsync(AdminUser);
        await page.GetByTestId("login-password").FillAsync(AdminPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("logout")).ToBeVisibleAsync();
        return session;
    }

    /// <summary>Open connections of the whole node, as the engine reports them through the API.</summary>
    public async Task<int> ActiveConnectionsAsync()
    {
        using var json = JsonDocument.Parse(await Api.GetStringAsync("/api/v1/relays"));
        var relays = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement : json.RootElement.GetProperty("items");
        return relays.EnumerateArray().Sum(r => r.GetProperty("activeConnections").GetInt32());
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Creates a TCP relay through the REST API (for tests about other pages) and returns its id and bound port.</summary>
    public async Task<(string Id, int Port)> CreateTcpRelayAsync(string name, IPEndPoint target)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/relays", new { name, protocol = "tcp", listen = "127.0.0.1:0", targets = new[] { target.ToString() } });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Creating relay {name} failed: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        var id = json.RootElement.GetProperty("id").GetString()!;
        var bound = json.RootElement.GetProperty("boundEndpoint").GetString()!;
        return (id, IPEndPoint.Parse(bound).Port);
    }

    /// <summary>A TCP client connected through the relay listening on 127.0.0.1:<paramref name="relayPort"/>.</summary>
    public static Task<TcpTestClient> ConnectAsync(int relayPort) => TcpTestClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, relayPort));

    public static int FreeTcpPort() => RelayBinary.FreeTcpPort();

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A log file may still be held for a moment; the temp directory is cleaned by the OS.
        }
    }

    private void StartServer(int port)
    {
        var dll = FindRelayDll();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["RELAY_DATA_DIR"] = _dataDirectory;
        start.Environment["RELAY_LISTEN_HOST"] = "127.0.0.1";
        start.Environment["RELAY_LISTEN_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RELAY_ADMIN_PASSWORD"] = AdminPassword;
        start.Environment["RELAY_API_TOKEN"] = ApiToken;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException("relay exited during start-up:\n" + ServerLog));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (line.Contains("Application started", StringComparison.Ordinal)) _started.TrySetResult();
    }

    private async Task WaitForStartAsync()
    {
        await _started.Task.WaitAsync(s_startTimeout);
        using var http = new HttpClient { BaseAddress = BaseUrl };
        var live = await http.GetAsync("/health/live");
        Assert.True(live.IsSuccessStatusCode, $"/health/live answered {(int)live.StatusCode}:\n{ServerLog}");
    }

    private static string FindRelayDll() => RelayBinary.FindDll();
}
