using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RelayWeb.Auth;
using RelayWeb.Hosting;

namespace RelayWeb.IntegrationTests.Infrastructure;

/// <summary>
/// The whole <c>relay serve</c> app on a test server: a fresh data directory (SQLite database, keys, logs) per factory,
/// deleted on dispose; user <c>admin</c> with <see cref="AdminPassword"/>; the <c>--api-token</c> <see cref="AdminToken"/>;
/// and a stored <see cref="ReadOnlyToken"/>. The app is built by <see cref="RelayWebApplication.Build"/> directly (not through
/// Program's command line), with the test server swapped in; <see cref="ConfigureServices"/> may replace services.
/// </summary>
public class RelayWebFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "correct-horse-battery-staple";

    public string DataDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "relay-it-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Keep the data directory on dispose, so a second factory can start on it (a process restart).</summary>
    public bool KeepDataDirectory { get; init; }

    public string AdminToken { get; init; } = ApiTokenSecrets.Generate();

    public string ReadOnlyToken { get; private set; } = "";

    /// <summary>Extra configuration (e.g. <c>Relay:ListenHost</c>), applied over the test defaults.</summary>
    public IDictionary<string, string?>? Settings { get; init; }

    /// <summary>Extra service registrations, applied after the app's own.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public async Task InitializeAsync()
    {
        _ = Server; // builds and starts the app
        var tokens = Services.GetRequiredService<IApiTokenService>();
        var readOnly = await tokens.CreateAsync("test-read-only-" + Guid.NewGuid().ToString("N")[..6], RelayScopes.ReadOnly, "test").WaitAsync(TestTimeouts.Default);
        ReadOnlyToken = readOnly.Secret ?? throw new InvalidOperationException("Could not create the read-only token.");
    }

    /// <summary>A client that authenticates with <paramref name="token"/> (<c>Authorization: Bearer</c>, or <c>X-API-Key</c>); no token: anonymous.</summary>
    public HttpClient CreateApiClient(string? token, bool useApiKeyHeader = false)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            if (useApiKeyHeader) client.DefaultRequestHeaders.Add(ApiTokenRequest.ApiKeyHeader, token);
            else client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    public HttpClient CreateAdminClient() => CreateApiClient(AdminToken);

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Relay:DataDir"] = DataDirectory,
            ["Relay:ApiToken"] = AdminToken,
            ["Relay:AdminPassword"] = AdminPassword,
            ["Relay:MaxRequestBodyBytes"] = "65536",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["RelayEngine:DrainTimeout"] = "00:00:01",
        };
        foreach (var (key, value) in Settings ?? new Dictionary<string, string?>()) overrides[key] = value;
        var app = RelayWebApplication.Build([], overrides, b =>
        {
            b.WebHost.UseTestServer();
            ConfigureServices?.Invoke(b.Services);
        });
        app.Start();
        return app;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (KeepDataDirectory)
        {
            GC.SuppressFinalize(this);
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a log file still being closed; the OS temp cleaner gets it
        }
        GC.SuppressFinalize(this);
    }
}
