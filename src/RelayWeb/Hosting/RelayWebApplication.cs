using RelayWeb.Api;
using RelayWeb.Auth;
using RelayWeb.Components;

namespace RelayWeb.Hosting;

/// <summary>
/// Builds the <c>relay serve</c> web application: engine, database, auth, API, hub and dashboard in one process.
/// Each area registers itself through one extension method that lives in its own folder.
/// </summary>
public static class RelayWebApplication
{
    /// <param name="configure">Last changes before the app is built (tests: the test server, service replacements).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null, Action<WebApplicationBuilder>? configure = null)
    {
        // The web root sits beside the binary: the build and publish copy the top-level wwwroot and blazor.web.js there.
        var webRoot = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "wwwroot")).FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args, .. ConfigReload.Off], WebRootPath = webRoot });
        // Packages' static web assets (Radzen) come from the build manifest in every environment, not only Development;
        // after `dotnet publish` they are copied into publish/wwwroot and this is a no-op.
        builder.WebHost.UseStaticWebAssets();
        builder.Configuration.AddRelayEnvironmentVariables();
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);

        var options = builder.Configuration.GetSection(RelayWebOptions.SectionName).Get<RelayWebOptions>() ?? new RelayWebOptions();
        builder.Services.AddOptions<RelayWebOptions>().BindConfiguration(RelayWebOptions.SectionName);
        Directory.CreateDirectory(options.DataDir);
        builder.AddRelaySerilog(Path.Combine(options.DataDir, "logs"));
        builder.WebHost.UseUrls($"http://{FormatHost(options.ListenHost)}:{options.ListenPort}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max(options.MaxRequestBodyBytes, options.MaxSyncBodyBytes));

        builder.Services.AddRelayPersistence(options.ResolveDatabasePath());
        builder.Services.AddHostedService<PersistenceInitializer>(); // before the engine: hosted services start in order
        builder.Services.AddHostedService<RelayWeb.NodePass.NodePassAutoStart>(); // after the database is ready, before the engine
        builder.Services.AddRelayEngine();
        builder.Services.AddRelayMihomo(builder.Configuration);
        builder.Services.AddRelayAuth(options.DataDir);
        builder.Services.AddRelayApi();
        builder.Services.AddRelayMaster();
        builder.Services.AddRelayHub();
        builder.Services.AddProblemDetails();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddRelayDashboard();
        builder.Services.AddRelayHealthChecks();
        builder.Services.AddRelayOperations(); // after PersistenceInitializer: the scheduler reads its schedules from the database
        builder.Services.AddRelayStatistics();
        builder.Services.AddRelayMetrics();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRelayRequestLogging();
        app.UseExceptionHandler();
        // API clients get problem details for bare status codes; a person who types a wrong address gets the dashboard's page.
        app.UseWhen(IsApiRequest, api => api.UseStatusCodePages());
        app.UseWhen(context => !IsApiRequest(context), pages => pages.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRelayApiBodyLimit();
        app.UseAntiforgery();

        app.MapRelayHealthChecks();
        app.MapRelayMetrics();
        app.MapRelayAccount();
        app.MapRelayApi();
        app.MapRelayHub();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static bool IsApiRequest(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs")
        || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/openapi")
        || context.Request.Path.StartsWithSegments("/account") || context.Request.Path.StartsWithSegments("/metrics");

    private static string FormatHost(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
